import { describe, expect, it } from 'vitest';
import { PREFLIGHT_HEADER, useHttpGuards } from '../../src/server/use-http-guards.js';
import { useRequestState } from '../../src/server/use-request-state.js';
import { bareYoga, fixedStates } from './support.js';

const URL_ = 'http://billgraph.test/graphql';

describe('useHttpGuards', () => {
  const { states } = fixedStates();
  const yoga = bareYoga([useRequestState(states), useHttpGuards({ maxBodyBytes: 100, states })]);
  // A Request made here has no Content-Length until sent over a socket: declare it as a client would.
  const send = (body: string, headers: Record<string, string>) =>
    yoga.fetch(new Request(URL_, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, body }));

  const expectRefusal = async (response: Response, status: number, message: RegExp) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = await response.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(body.errors[0].message).toMatch(message);
  };

  it('answers a small JSON POST', async () => {
    const response = await send('{"query":"{ hello }"}', { 'content-type': 'application/json' });
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
  });

  it('refuses a declared body over the limit, or a malformed length, with 413 before reading it', async () => {
    const body = JSON.stringify({ query: `{ hello ${' '.repeat(200)} }` });
    await expectRefusal(await send(body, { 'content-type': 'application/json' }), 413, /limited to 100 bytes/);
    await expectRefusal(await send('{}', { 'content-type': 'application/json', 'content-length': '1e2' }), 413, /limited to 100 bytes/);
  });

  it('refuses a streamed body without Content-Length with 411', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ hello }"}'));
        controller.close();
      },
    });
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectRefusal(await yoga.fetch(request), 411, /Content-Length/);
  });

  it('refuses a cross-site form POST without the preflight header (CSRF) and accepts it with the header', async () => {
    const form = 'query=%7B%20hello%20%7D';
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    await expectRefusal(await send(form, headers), 415, new RegExp(PREFLIGHT_HEADER));
    const allowed = await send(form, { ...headers, [PREFLIGHT_HEADER]: '1' });
    expect(allowed.status).not.toBe(415);
  });

  it('refuses text/plain and other content types with 415', async () => {
    await expectRefusal(await send('{"query":"{ hello }"}', { 'content-type': 'text/plain' }), 415, /application\/json/);
    await expectRefusal(await send('{"query":"{ hello }"}', { 'content-type': 'application/xml' }), 415, /application\/json/);
  });

  it('refuses a GET whose variables are not a JSON object with 400 instead of a 500', async () => {
    const get = (query: string) => yoga.fetch(new Request(`${URL_}?${query}`, { headers: { accept: 'application/json' } }));
    await expectRefusal(await get('query=%7Bhello%7D&variables=%5B1%5D'), 400, /`variables` parameter/);
    await expectRefusal(await get('query=%7Bhello%7D&extensions=nope'), 400, /`extensions` parameter/);
    expect(await (await get('query=%7Bhello%7D&variables=null')).json()).toEqual({ data: { hello: 'world' } });
  });

  it('records the refusal for the request log', async () => {
    const codes: string[][] = [];
    const logged = bareYoga([
      useRequestState(states),
      useHttpGuards({ maxBodyBytes: 100, states }),
      { onResponse: ({ request }) => void codes.push(states.of(request).errorCodes) },
    ]);
    await logged.fetch(new Request(URL_, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }));
    expect(codes).toEqual([['BAD_USER_INPUT']]);
  });
});
