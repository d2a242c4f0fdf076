import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { freePort } from '../helpers/listen.js';
import { spawnBillgraph } from '../helpers/process.js';

/** Throws unless loadConfig(env) fails with a one-line ConfigError naming `variable`. */
function rejects(env: Record<string, string>, variable: string): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect((error as ConfigError).variable).toBe(variable);
    expect(message.startsWith(`${variable} must be`)).toBe(true);
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults with nothing configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4000, defaultProvider: 'cloudflare', graphiql: true });
    expect(config.cloudflare).toEqual({ baseUrl: null, auth: null, defaultAccount: null, amountUnit: 'minor' });
    expect(config.retry.maxRetries).toBe(2);
  });

  it('reads Cloudflare settings', () => {
    const config = loadConfig({
      CLOUDFLARE_API_TOKEN: 't0k',
      CLOUDFLARE_BASE_URL: 'http://127.0.0.1:8787/client/v4/',
      CLOUDFLARE_AMOUNT_UNIT: 'MAJOR',
      CLOUDFLARE_ACCOUNT_ID: 'abc',
    });
    expect(config.cloudflare).toEqual({
      baseUrl: 'http://127.0.0.1:8787/client/v4',
      auth: { kind: 'token', token: 't0k' },
      defaultAccount: 'abc',
      amountUnit: 'major',
    });
    expect(
      loadConfig({ CLOUDFLARE_EMAIL: 'a@b.test', CLOUDFLARE_API_KEY: 'k', BILLGRAPH_AUTH_MODE: 'pass-through' }).cloudflare.auth,
    ).toEqual({ kind: 'key', email: 'a@b.test', key: 'k' });
  });

  it('rejects bad values with one line naming the variable and what it expected', () => {
    expect(rejects({ PORT: 'abc' }, 'PORT')).toContain('an integer from 0 to 65535');
    rejects({ PORT: '70000' }, 'PORT');
    rejects({ PORT: '-1' }, 'PORT');
    rejects({ PORT: '80.5' }, 'PORT');
    expect(rejects({ CLOUDFLARE_AMOUNT_UNIT: 'cents' }, 'CLOUDFLARE_AMOUNT_UNIT')).toContain('one of minor, major');
    expect(rejects({ CLOUDFLARE_EMAIL: 'a@b.test' }, 'CLOUDFLARE_API_KEY')).toContain('CLOUDFLARE_EMAIL');
    rejects({ CLOUDFLARE_API_KEY: 'k' }, 'CLOUDFLARE_EMAIL');
    rejects({ CLOUDFLARE_EMAIL: 'not-an-email', CLOUDFLARE_API_KEY: 'k' }, 'CLOUDFLARE_EMAIL');
    expect(rejects({ CLOUDFLARE_API_TOKEN: 'secret-token', CLOUDFLARE_EMAIL: 'a@b.test' }, 'CLOUDFLARE_API_TOKEN')).not.toContain(
      'secret-token',
    );
    rejects({ CLOUDFLARE_API_TOKEN: 't', CLOUDFLARE_API_KEY: 'k' }, 'CLOUDFLARE_API_TOKEN');
    for (const bad of ['not a url', 'ftp://example.test', 'http://user:pass@example.test'])
      rejects({ CLOUDFLARE_BASE_URL: bad }, 'CLOUDFLARE_BASE_URL');
    rejects({ UPSTREAM_TIMEOUT_MS: '0' }, 'UPSTREAM_TIMEOUT_MS');
    rejects({ UPSTREAM_MAX_RETRIES: '11' }, 'UPSTREAM_MAX_RETRIES');
    rejects({ BILLGRAPH_PROVIDER: 'paypal' }, 'BILLGRAPH_PROVIDER');
    rejects({ BILLGRAPH_METRICS_PORT: '0' }, 'BILLGRAPH_METRICS_PORT');
    rejects({ BILLGRAPH_METRICS_PORT: 'metrics' }, 'BILLGRAPH_METRICS_PORT');
    expect(loadConfig({}).metricsPort).toBeNull();
    expect(loadConfig({ BILLGRAPH_METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    // A shared cache named but switched off is refused, with the password kept out of the message.
    const redis = 'redis://:hunter2@127.0.0.1:6379/0';
    expect(rejects({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: redis }, 'BILLGRAPH_RESPONSE_CACHE_TTL_MS')).not.toContain('hunter2');
    rejects({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: redis, BILLGRAPH_RESPONSE_CACHE_TTL_MS: '0' }, 'BILLGRAPH_RESPONSE_CACHE_TTL_MS');
    expect(loadConfig({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: redis, BILLGRAPH_RESPONSE_CACHE_TTL_MS: '5000' }).responseCache.ttlMs).toBe(
      5000,
    );
  });
});

/** Only what the process needs: no CLOUDFLARE_* or other settings leak in from the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, ...(TMPDIR ? { TMPDIR } : {}), ...extra };
}

/** billgraph's process with only `extra` set (and what any process needs). */
const startMain = (extra: Record<string, string>) => spawnBillgraph(cleanEnv(extra));

describe('the billgraph process (node --import tsx src/main.ts)', () => {
  it('exits 1 with one line naming the variable when a setting is bad', async () => {
    const cases = [
      ['PORT', 'abc'],
      ['CLOUDFLARE_AMOUNT_UNIT', 'cents'],
      ['CLOUDFLARE_BASE_URL', 'not a url'],
    ] as const;
    // In parallel: each is a separate process start (about a second each).
    await Promise.all(
      cases.map(async ([variable, value]) => {
        const { exited, stdout, stderr } = startMain({ [variable]: value });
        const code = await exited;
        expect(code, variable).toBe(1);
        const lines = stderr().trim().split('\n');
        expect(lines, stderr()).toHaveLength(1);
        expect(lines[0]).toContain(variable);
        expect(lines[0]).toContain(JSON.stringify(value));
        expect(stdout()).toBe('');
      }),
    );
  });

  it('exits 1 with one line when a key file named in the settings cannot be read (checked when the app is built)', async () => {
    const { exited, stdout, stderr } = startMain({
      BILLGRAPH_AUTH_MODE: 'jwt',
      BILLGRAPH_JWKS_FILE: '/nonexistent/billgraph-jwks.json',
      BILLGRAPH_JWT_ISSUER: 'https://idp.example.test/',
      BILLGRAPH_JWT_AUDIENCE: 'billgraph',
      PORT: '0',
    });
    const code = await exited;
    expect(code).toBe(1);
    const lines = stderr().trim().split('\n');
    expect(lines, stderr()).toHaveLength(1);
    expect(lines[0]).toContain('BILLGRAPH_JWKS_FILE');
    expect(stdout()).toBe('');
  });

  it('with nothing configured, runs on the sandbox, prints the GraphiQL URL, answers /healthz and a query (and serves metrics when asked)', async () => {
    const metricsPort = await freePort();
    const { child, stdout, stderr, stop } = startMain({ PORT: '0', LOG_LEVEL: 'silent', BILLGRAPH_METRICS_PORT: String(metricsPort) });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed; stdout: ${stdout()} stderr: ${stderr()}`)), 20_000);
        child.stdout!.on('data', () => {
          const match = /GraphiQL at (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout());
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr()}`)));
      });
      const health = await fetch(url.replace(/\/graphql$/, '/healthz'));
      expect(health.status).toBe(200);
      const graphiql = await fetch(url, { headers: { accept: 'text/html' } });
      expect(graphiql.status).toBe(200);
      expect(await graphiql.text()).toContain('billgraph');
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ upcomingInvoice { amountDue { amount currency } } }' }),
      });
      const answered = await answer.json();
      expect(answered.data).toEqual({ upcomingInvoice: { amountDue: { amount: '70.04', currency: 'USD' } } });
      expect(answered.extensions.cost).toMatchObject({ estimatedUpstreamCalls: 1, actualUpstreamCalls: 1 });
      expect(stdout()).toContain(`billgraph metrics: http://127.0.0.1:${metricsPort}/metrics`);
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toContain('billgraph_graphql_operations_total{type="query"} 1\n');
      expect(metrics).toContain('billgraph_upstream_requests_total{provider="cloudflare",method="GET",status="200"} 1\n');
    } finally {
      if (child.exitCode === null) {
        const code = await stop();
        expect(code).toBe(0);
      }
    }
  });
});
