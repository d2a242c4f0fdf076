import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { maskError } from '../../src/server/error-shaping.js';
import { useErrorCodes } from '../../src/server/use-error-codes.js';
import { useRequestState } from '../../src/server/use-request-state.js';
import { bareYoga, capturedLogger, fixedStates, post } from './support.js';

describe('useErrorCodes', () => {
  const setup = () => {
    const { states } = fixedStates();
    const { logger, lines } = capturedLogger();
    const codes: string[][] = [];
    const yoga = bareYoga(
      [
        useRequestState(states),
        useErrorCodes({ states, logger, secrets: ['hunter2'] }),
        { onResponse: ({ request }) => void codes.push(states.of(request).errorCodes) },
      ],
      { maskError },
    );
    return { yoga, lines, codes };
  };

  it('an unexpected failure leaves as INTERNAL with the request id; its details go to the log, secrets scrubbed', async () => {
    const { yoga, lines, codes } = setup();
    const body = await (await yoga.fetch(post('{ boom hello }', { 'x-request-id': 'err-1' }))).json();
    expect(body.data).toEqual({ boom: null, hello: 'world' });
    expect(body.errors).toEqual([
      {
        message: 'Internal error',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL', requestId: 'err-1' },
      },
    ]);
    const logged = lines.find((line) => line.msg === 'internal error')!;
    expect(logged).toMatchObject({ level: 50, requestId: 'err-1', err: { name: 'Error', message: 'db password [redacted] leaked' } });
    expect(JSON.stringify(logged)).not.toContain('hunter2');
    expect(codes).toEqual([['INTERNAL']]);
  });

  it("GraphQL's own errors (parse, validation) leave as BAD_USER_INPUT and are recorded", async () => {
    const { yoga, codes } = setup();
    const parse = await (await yoga.fetch(post('{ hello '))).json();
    expect(parse.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const validation = await (await yoga.fetch(post('{ nope }'))).json();
    expect(validation.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(codes).toEqual([['BAD_USER_INPUT'], ['BAD_USER_INPUT']]);
  });

  it('a request body that is not JSON is a 400 whatever the Accept header', async () => {
    const { yoga } = setup();
    const response = await yoga.fetch(
      new Request('http://billgraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{not json',
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('a BillingError keeps its own code and typed facts', async () => {
    const { states } = fixedStates();
    const { logger } = capturedLogger();
    const yoga = bareYoga([useRequestState(states), useErrorCodes({ states, logger, secrets: [] })], {
      maskError: (_error, message) => maskError(new BillingError('NOT_FOUND', 'no such invoice', { provider: 'stripe' }), message),
    });
    const body = await (await yoga.fetch(post('{ boom }'))).json();
    expect(body.errors[0]).toMatchObject({ message: 'no such invoice', extensions: { code: 'NOT_FOUND', provider: 'stripe' } });
  });
});
