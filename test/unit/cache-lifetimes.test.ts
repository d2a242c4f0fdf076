import { describe, expect, it } from 'vitest';
import { CacheTags } from '../../src/cache/cache-tags.js';
import { answerLifetime } from '../../src/cache/tagged-cache.js';
import { loadConfig } from '../../src/config.js';

/** Per-answer lifetimes: long only for providers whose webhooks evict, the shortest of what an answer read. */
describe('response cache lifetimes', () => {
  const lifetimesOf = (env: Record<string, string>) => loadConfig(env).responseCache.ttlByProvider;

  it('webhook TTL (default ten minutes) only for a provider whose webhook secret is set; Cloudflare never', () => {
    expect(lifetimesOf({ BILLGRAPH_RESPONSE_CACHE_TTL_MS: '30000' })).toEqual({ cloudflare: 30_000, stripe: 30_000, flexprice: 30_000 });
    expect(lifetimesOf({ BILLGRAPH_RESPONSE_CACHE_TTL_MS: '30000', STRIPE_WEBHOOK_SECRET: 'whsec_cache_lifetimes_test_1' })).toEqual({
      cloudflare: 30_000,
      stripe: 600_000,
      flexprice: 30_000,
    });
    expect(
      lifetimesOf({
        BILLGRAPH_RESPONSE_CACHE_TTL_MS: '30000',
        FLEXPRICE_WEBHOOK_SECRET: 'whsec_Y2FjaGUtbGlmZXRpbWVzLXRlc3QtMg==',
        BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS: '120000',
      }),
    ).toEqual({ cloudflare: 30_000, stripe: 30_000, flexprice: 120_000 });
  });

  it('a webhook secret does not turn an off cache on; a bad webhook TTL is a ConfigError naming it', () => {
    expect(lifetimesOf({ STRIPE_WEBHOOK_SECRET: 'whsec_cache_lifetimes_test_1' })).toEqual({ cloudflare: 0, stripe: 0, flexprice: 0 });
    expect(() => loadConfig({ BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS: 'ten minutes' })).toThrow(/BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS/);
    expect(() => loadConfig({ BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS: '0' })).toThrow(/BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS/);
  });

  it('an answer lives as long as the shortest lifetime of the providers it read; the plugin’s 0 stays 0', () => {
    const lifetime = answerLifetime({ cloudflare: 30_000, stripe: 600_000, flexprice: 600_000 });
    const read = (...customers: [Parameters<CacheTags['customer']>[0], string][]) => {
      const tags = new CacheTags();
      for (const [provider, id] of customers) tags.customer(provider, id);
      return tags;
    };
    expect(lifetime(read(['stripe', 'cus_1']), 30_000)).toBe(600_000);
    expect(lifetime(read(['stripe', 'cus_1'], ['cloudflare', 'acc']), 30_000)).toBe(30_000);
    expect(lifetime(read(), 30_000)).toBe(30_000);
    expect(lifetime(read(['stripe', 'cus_1']), 0)).toBe(0);
  });
});
