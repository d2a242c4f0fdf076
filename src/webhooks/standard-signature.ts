import { Webhook } from 'standardwebhooks';
import { replayKey } from './stripe-signature.js';
import type { SignatureVerdict } from './verdict.js';

/** Svix's header names are the spec's with another prefix; Flexprice Cloud sends the `svix-` ones. */
const NAMES = ['id', 'timestamp', 'signature'] as const;

function header(headers: Headers, name: (typeof NAMES)[number]): string | null {
  return headers.get(`webhook-${name}`) ?? headers.get(`svix-${name}`);
}

/**
 * Standard Webhooks (Flexprice Cloud signs through Svix): `webhook-id`/`svix-id`, `-timestamp`, `-signature`
 * (space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.rawBody">`), checked by the spec's own
 * `standardwebhooks` library, once per configured secret (rotation). The library's window is fixed at 300 s;
 * a smaller configured tolerance is applied here first.
 */
export function verifyStandardSignature(
  rawBody: Buffer,
  headers: Headers,
  secrets: readonly string[],
  toleranceS: number,
  nowS: number,
): SignatureVerdict {
  const [id, timestamp, signature] = NAMES.map((name) => header(headers, name));
  if (!id || !timestamp || !signature) return { ok: false, failure: 'missing_signature' };
  if (!/^\d{1,12}$/.test(timestamp) || id.length > 256) return { ok: false, failure: 'malformed_signature' };
  if (Math.abs(nowS - Number(timestamp)) > Math.min(toleranceS, 300)) return { ok: false, failure: 'timestamp_outside_tolerance' };
  const signed = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
  const matched = secrets.some((secret) => {
    try {
      new Webhook(secret).verify(rawBody, signed, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
  if (!matched) return { ok: false, failure: 'signature_mismatch' };
  const presented = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => replayKey('flexprice', `${id}.${timestamp}`, entry.slice(3)));
  return { ok: true, timestampS: Number(timestamp), replayKeys: presented, deliveryId: id };
}
