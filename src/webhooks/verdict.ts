/** Why a delivery was refused before its payload was looked at (a closed set: logs and metrics). */
export type SignatureFailure = 'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'timestamp_outside_tolerance';

/**
 * A signature check's result. `replayKeys` name the signatures that were presented (timestamp and signature
 * value), so the receiver can refuse the same signed request presented twice.
 */
export type SignatureVerdict =
  { ok: true; timestampS: number; replayKeys: string[]; deliveryId: string | null } | { ok: false; failure: SignatureFailure };
