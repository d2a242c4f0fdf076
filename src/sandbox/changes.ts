import type { OutgoingWebhook } from './webhooks/sender.js';

/**
 * What a sandbox control change did: the HTTP answer for the caller (the changed object, or why nothing
 * changed) and the provider events it caused, which the sandbox delivers as signed webhooks.
 */
export interface ChangeResult {
  status: number;
  json: unknown;
  webhooks: OutgoingWebhook[];
}

export const refused = (status: number, error: string): ChangeResult => ({ status, json: { error }, webhooks: [] });
export const changed = (json: unknown, webhooks: OutgoingWebhook[]): ChangeResult => ({ status: 200, json, webhooks });
