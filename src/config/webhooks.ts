import { type Env, integer, text } from './env.js';
import { ConfigError } from './errors.js';

export interface WebhookSettings {
  /** Base path on the main port: `${path}/stripe`, `${path}/flexprice`. */
  path: string;
  /** Stripe endpoint signing secrets (`whsec_…`); several during a rotation, any one matching is enough. Empty: no Stripe route. */
  stripeSecrets: string[];
  /** Flexprice (Standard Webhooks / Svix) secrets (`whsec_<base64>`); several during a rotation. Empty: no Flexprice route. */
  flexpriceSecrets: string[];
  /** How far a signature's timestamp may be from now, in seconds (Flexprice: at most the verifier's own 300). */
  toleranceS: number;
  /** Larger bodies are refused with 413 before they are read whole. */
  maxBodyBytes: number;
  /** How long an event id (and a used signature) is remembered, in seconds. */
  dedupeTtlS: number;
  /** Prefix of the de-duplication keys in the shared Redis. */
  keyPrefix: string;
}

/** Comma-separated secrets (rotation); each one checked against `pattern`, never echoed back in an error. */
function secrets(env: Env, name: string, pattern: RegExp, expected: string): string[] {
  const list = (text(env, name) ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  const bad = list.find((secret) => !pattern.test(secret));
  if (bad !== undefined) throw new ConfigError(name, expected, `${bad.slice(0, 6)}…`);
  return list;
}

function webhookPath(env: Env): string {
  const value = text(env, 'BILLGRAPH_WEBHOOK_PATH') ?? '/webhooks';
  if (!/^(\/[\w.-]+)+$/.test(value) || value === '/graphql')
    throw new ConfigError('BILLGRAPH_WEBHOOK_PATH', 'a path such as /webhooks', value);
  return value;
}

export function webhookSettings(env: Env): WebhookSettings {
  const keyPrefix = text(env, 'BILLGRAPH_WEBHOOK_KEY_PREFIX') ?? 'billgraph:webhook:';
  if (!/^[\w.:{}-]{1,64}$/.test(keyPrefix))
    throw new ConfigError('BILLGRAPH_WEBHOOK_KEY_PREFIX', 'up to 64 letters, digits or _ . : { } -', keyPrefix);
  return {
    path: webhookPath(env),
    stripeSecrets: secrets(env, 'STRIPE_WEBHOOK_SECRET', /^\S{8,}$/, 'comma-separated Stripe signing secrets (whsec_…)'),
    flexpriceSecrets: secrets(
      env,
      'FLEXPRICE_WEBHOOK_SECRET',
      /^(whsec_)?[A-Za-z0-9+/]{8,}={0,2}$/,
      'comma-separated Standard Webhooks secrets (whsec_ followed by base64)',
    ),
    toleranceS: integer(env, 'BILLGRAPH_WEBHOOK_TOLERANCE_S', 300, 1, 3_600),
    maxBodyBytes: integer(env, 'BILLGRAPH_WEBHOOK_MAX_BODY_BYTES', 262_144, 1_024, 10_485_760),
    dedupeTtlS: integer(env, 'BILLGRAPH_WEBHOOK_DEDUPE_TTL_S', 259_200, 60, 2_592_000),
    keyPrefix,
  };
}
