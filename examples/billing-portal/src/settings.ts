// Plain constants the app and its Playwright walk share (no Vite-only APIs here, so Node can import it).

/** Invoices per history page; "Load more" asks for the next page with the last `pageInfo.endCursor`. */
export const HISTORY_PAGE_SIZE = 6;

/** Providers a visitor can pick. Only Stripe previews seat and item changes; the others answer UnsupportedError. */
export const PROVIDERS = ['STRIPE', 'FLEXPRICE', 'CLOUDFLARE'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PROVIDER_NAMES: Record<Provider, string> = { STRIPE: 'Stripe', FLEXPRICE: 'Flexprice', CLOUDFLARE: 'Cloudflare' };

/**
 * Suggestions for the sandbox's seeded Stripe account (the schema has no catalog query yet, so a real portal
 * would take these from its own backend). Free text is accepted too, which is how the error messages are shown.
 */
export const SANDBOX_HINTS = {
  customers: [
    ['cus_SbxAcmeUsd001', 'Acme Corp (the default)'],
    ['cus_SbxHooliUsd01', 'Hooli Inc (20% coupon)'],
    ['cus_SbxGlobexMul1', 'Globex (two subscriptions)'],
    ['cus_SbxSakuraJpy1', 'Sakura KK (JPY)'],
    ['cus_SbxGulfKwd001', 'Gulf Trading (KWD)'],
  ],
  subscriptionItems: [
    ['si_SbxAcmeSeats1', 'Acme: Seat'],
    ['si_SbxHoolSeats1', 'Hooli: Seat'],
  ],
  prices: [
    ['price_SbxSupportUsd', 'Priority support, $25.00 a month'],
    ['price_SbxSeatUsd', 'Seat, $12.00 a month'],
    ['price_SbxEnterpriseUsd', 'Enterprise plan, $199.00 a month'],
  ],
} as const;
