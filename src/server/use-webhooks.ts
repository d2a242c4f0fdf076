import type { Plugin } from 'graphql-yoga';
import type { WebhookReceiver } from '../webhooks/receiver.js';

export interface WebhooksOptions {
  /** e.g. `/webhooks`: providers answer at `/webhooks/stripe` and `/webhooks/flexprice`. */
  path: string;
  receiver: WebhookReceiver;
}

/**
 * The providers' webhook receivers on the main port (docs/ARCHITECTURE.md section 13). First in the plugin
 * list: a webhook is not GraphQL, so CORS, the HTTP guards, trusted documents and budgets never see it; it is
 * answered here with `endResponse`. A provider without a configured secret has no route (404).
 */
export function useWebhooks({ path, receiver }: WebhooksOptions): Plugin {
  const prefix = `${path}/`;
  return {
    async onRequest({ url, request, endResponse }) {
      if (!url.pathname.startsWith(prefix)) return;
      const provider = url.pathname.slice(prefix.length);
      if (!receiver.serves(provider)) {
        endResponse(new Response(JSON.stringify({ error: 'not_found' }), { status: 404, headers: { 'content-type': 'application/json' } }));
        return;
      }
      endResponse(await receiver.receive(provider, request));
    },
  };
}
