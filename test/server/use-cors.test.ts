import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { corsSettings, DEVELOPMENT_ORIGINS } from '../../src/config/cors.js';
import { ConfigError } from '../../src/config/errors.js';
import { originMatcher, useCors } from '../../src/server/use-cors.js';
import { tinySchema } from './support.js';

const URL_ = 'http://billgraph.test/graphql';
const APP = 'https://billing.example.com';

/** A bare Yoga with its own CORS off (as createApp has it) and only useCors. */
const corsYoga = (origins: readonly string[], maxAgeSeconds = 600) =>
  createYoga({
    schema: tinySchema,
    logging: false,
    landingPage: false,
    graphiql: false,
    cors: false,
    plugins: [useCors({ origins, maxAgeSeconds })],
  });

const post = (yoga: ReturnType<typeof corsYoga>, origin: string) =>
  yoga.fetch(new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{"query":"{ hello }"}' }));
const preflight = (yoga: ReturnType<typeof corsYoga>, origin: string) =>
  yoga.fetch(
    new Request(URL_, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    }),
  );
const corsHeaders = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')).sort(([a], [b]) => a.localeCompare(b)));

describe('useCors', () => {
  const yoga = corsYoga([APP, 'https://*.preview.example.com']);

  it('a listed origin gets itself back with credentials, and the request id exposed', async () => {
    const response = await post(yoga, APP);
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-credentials': 'true',
      'access-control-allow-origin': APP,
      'access-control-expose-headers': 'x-request-id',
    });
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('an unlisted origin gets no CORS header at all (Yoga reflected it with credentials), yet Vary: Origin', async () => {
    for (const origin of ['https://evil.example', 'https://billing.example.com.evil.test', 'http://billing.example.com', 'null']) {
      const response = await post(yoga, origin);
      expect(corsHeaders(response), origin).toEqual({});
      expect(response.headers.get('vary'), origin).toMatch(/Origin/);
      const answer = await preflight(yoga, origin);
      expect(answer.status).toBe(204);
      expect(corsHeaders(answer), origin).toEqual({});
    }
  });

  it('answers a listed preflight with methods, the headers a page may send (the CSRF one too) and a cache lifetime', async () => {
    const response = await preflight(corsYoga([APP], 3600), APP);
    expect(response.status).toBe(204);
    const headers = corsHeaders(response);
    expect(headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST',
      'access-control-max-age': '3600',
    });
    const allowed = headers['access-control-allow-headers']!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'x-billgraph-csrf', 'x-stripe-authorization']));
  });

  it('patterns: `*.` is one or more labels of that domain, `:*` any port; nothing else matches', () => {
    const matches = originMatcher(['https://*.preview.example.com', ...DEVELOPMENT_ORIGINS]);
    for (const origin of [
      'https://pr-12.preview.example.com',
      'https://a.b.preview.example.com',
      'http://localhost:5173',
      'http://localhost',
      'http://127.0.0.1:4173',
      'http://[::1]:8080',
    ])
      expect(matches(origin), origin).toBe(true);
    for (const origin of [
      'https://preview.example.com',
      'https://evilpreview.example.com',
      'http://pr-12.preview.example.com',
      'https://pr-12.preview.example.com.evil.test',
      'http://localhost.evil.test',
      'https://localhost:5173',
      'http://127.0.0.1.nip.io:80',
    ])
      expect(matches(origin), origin).toBe(false);
  });
});

describe('BILLGRAPH_CORS_ORIGINS', () => {
  it('production reflects nothing by default; development allows this machine only', () => {
    expect(corsSettings({ NODE_ENV: 'production' }).origins).toEqual([]);
    expect(corsSettings({}).origins).toEqual(DEVELOPMENT_ORIGINS);
    expect(corsSettings({ BILLGRAPH_CORS_ORIGINS: 'none' }).origins).toEqual([]);
  });

  it('takes a list of origins and patterns, lower-cased, and a preflight cache lifetime', () => {
    expect(
      corsSettings({
        NODE_ENV: 'production',
        BILLGRAPH_CORS_ORIGINS: ' https://App.Example.com , https://*.example.com',
        BILLGRAPH_CORS_MAX_AGE_S: '7200',
      }),
    ).toEqual({
      origins: ['https://app.example.com', 'https://*.example.com'],
      maxAgeSeconds: 7200,
    });
  });

  it('refuses what is not an origin, naming the variable', () => {
    for (const bad of ['*', 'https://app.example.com/', 'app.example.com', 'https://*', 'ftp://x.example', 'https://a.*.example.com'])
      expect(() => corsSettings({ BILLGRAPH_CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
    expect(() => corsSettings({ BILLGRAPH_CORS_ORIGINS: '*' })).toThrow(/^BILLGRAPH_CORS_ORIGINS must be/);
  });
});
