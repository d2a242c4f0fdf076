import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configuredSecrets, createLogger, scrub } from '../../src/log/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('the request logger', () => {
  it('blanks credential fields wherever they sit', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        authorization: 'Bearer top-level-token',
        headers: { cookie: 'session=abc' },
        upstream: {
          apiKey: 'fp-key-123456',
          token: 'cf-token-123456',
          password: 'redis-pass',
          'x-api-key': 'k-123456',
          credentials: { key: 'x' },
        },
        requestId: 'r-1',
      },
      'request',
    );
    const line = lines.join('\n');
    for (const secret of ['top-level-token', 'session=abc', 'fp-key-123456', 'cf-token-123456', 'redis-pass', 'k-123456'])
      expect(line).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      requestId: 'r-1',
      authorization: '[redacted]',
      headers: '[redacted]',
      upstream: { apiKey: '[redacted]' },
    });
  });

  it('scrubs credential-looking text and the configured secrets from free text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const text = `failed: ${jwt} sk_live_abcDEF123 rk_test_xyz Bearer abc.def Basic dXNlcjpwYXNz own-cloudflare-token-42`;
    const out = scrub(text, ['own-cloudflare-token-42']);
    for (const secret of [jwt, 'sk_live_abcDEF123', 'rk_test_xyz', 'abc.def', 'dXNlcjpwYXNz', 'own-cloudflare-token-42'])
      expect(out).not.toContain(secret);
    expect(out).toContain('failed:');
  });

  it('knows every credential the deployment holds, the Redis password included', () => {
    const config = loadConfig({
      BILLGRAPH_AUTH_MODE: 'pass-through',
      CLOUDFLARE_API_TOKEN: 'cf-token-abcdef',
      STRIPE_SECRET_KEY: 'sk_test_abcdef123',
      FLEXPRICE_API_KEY: 'fp-key-abcdef',
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1000',
      BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://:p%40ss-word-1@127.0.0.1:6379/0',
      BILLGRAPH_CURSOR_SECRET: 'cursor-secret-0123456789abcdefghijklmnop',
    });
    expect(configuredSecrets(config).sort()).toEqual([
      'cf-token-abcdef',
      'cursor-secret-0123456789abcdefghijklmnop',
      'fp-key-abcdef',
      'p@ss-word-1',
      'sk_test_abcdef123',
    ]);
  });
});
