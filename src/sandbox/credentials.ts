/**
 * The sandbox's own credentials: fake, public, accepted only by the built-in sandbox. `npm start` with
 * nothing configured points every upstream at the sandbox with these.
 */
export const SANDBOX_CREDENTIALS = {
  cloudflare: {
    token: 'sandbox-cloudflare-token',
    email: 'sandbox@billgraph.test',
    globalKey: 'sandbox-cloudflare-global-key',
  },
  stripe: { secretKey: 'sk_test_sandbox_billgraph' },
  flexprice: { apiKey: 'sandbox-flexprice-key' },
} as const;

/** Every key above: published in the README, so configuring one guards nothing (loadConfig's publicKeys). */
export const SANDBOX_PUBLIC_KEYS: readonly string[] = [
  SANDBOX_CREDENTIALS.cloudflare.token,
  SANDBOX_CREDENTIALS.cloudflare.globalKey,
  SANDBOX_CREDENTIALS.stripe.secretKey,
  SANDBOX_CREDENTIALS.flexprice.apiKey,
];
