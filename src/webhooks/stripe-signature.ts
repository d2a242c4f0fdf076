import { createHash } from 'node:crypto';
import type { SignatureVerdict } from './verdict.js';

/**
 * Stripe's `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">[,v1=…]` checked with the
 * official SDK's verifier (`Stripe.webhooks.signature.verifyHeader`: needs no API key, compares in constant
 * time, accepts any of several v1 entries), once per configured secret so a rotation's old and new secrets
 * both pass. The SDK only refuses timestamps that are too old; one too far in the future is refused here.
 * The SDK (218 modules, ~20 MB of resident memory) is loaded with the first Stripe event, not by every process.
 */
export async function verifyStripeSignature(
  rawBody: Uint8Array,
  header: string | null,
  secrets: readonly string[],
  toleranceS: number,
  nowS: number,
): Promise<SignatureVerdict> {
  if (header === null || header.trim() === '') return { ok: false, failure: 'missing_signature' };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key, value]) => key === 'v1' && value).map(([, value]) => value as string);
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0)
    return { ok: false, failure: 'malformed_signature' };
  const timestampS = Number(timestamp);
  const { default: Stripe } = await import('stripe');
  let matched = false;
  for (const secret of secrets) {
    try {
      // Tolerance 0 turns the SDK's age check off: the window is checked below in both directions.
      Stripe.webhooks.signature!.verifyHeader(rawBody, header, secret, 0);
      matched = true;
      break;
    } catch {
      // The SDK's error carries the header and payload: never logged, only counted as a mismatch.
    }
  }
  if (!matched) return { ok: false, failure: 'signature_mismatch' };
  if (Math.abs(nowS - timestampS) > toleranceS) return { ok: false, failure: 'timestamp_outside_tolerance' };
  return { ok: true, timestampS, replayKeys: signatures.map((signature) => replayKey('stripe', timestamp, signature)), deliveryId: null };
}

export function replayKey(provider: string, timestamp: string, signature: string): string {
  return `${provider}:sig:${createHash('sha256').update(`${timestamp}.${signature}`).digest('base64url').slice(0, 32)}`;
}
