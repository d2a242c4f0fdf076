// `npm run sandbox`: the built-in fake upstreams on their own, e.g. for pointing the official SDKs or curl at.
import { startSandbox } from './server.js';

const port = Number(process.env.SANDBOX_PORT ?? 4010);
const target = (url: string | undefined, secret: string | undefined) => (url && secret ? { url, secret } : undefined);
const stripe = target(process.env.SANDBOX_STRIPE_WEBHOOK_URL, process.env.SANDBOX_STRIPE_WEBHOOK_SECRET);
const flexprice = target(process.env.SANDBOX_FLEXPRICE_WEBHOOK_URL, process.env.SANDBOX_FLEXPRICE_WEBHOOK_SECRET);
const duplicates = process.env.SANDBOX_WEBHOOK_DUPLICATE_PROBABILITY;
const sandbox = await startSandbox({
  host: process.env.SANDBOX_HOST ?? '127.0.0.1',
  port,
  webhooks: {
    ...(stripe ? { stripe } : {}),
    ...(flexprice ? { flexprice } : {}),
    ...(duplicates ? { duplicateProbability: Number(duplicates) } : {}),
  },
});
console.log(`sandbox upstreams at ${sandbox.url} (cloudflare: /cloudflare/client/v4, stripe: /stripe/v1, flexprice: /flexprice/v1)`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
