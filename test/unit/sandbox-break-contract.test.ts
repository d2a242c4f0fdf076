import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/http/lossless-json.js';
import { createCloudflareDialect } from '../../src/sandbox/cloudflare/dialect.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import type { SandboxDialect, SandboxRequest } from '../../src/sandbox/dialect.js';
import { createFlexpriceDialect } from '../../src/sandbox/flexprice/dialect.js';
import { createStripeDialect } from '../../src/sandbox/stripe/dialect.js';

/** Every leaf of a body as "path = value", JsonNumber written as its text. */
function leaves(json: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (json instanceof JsonNumber) out.set(path, `number ${json.text}`);
  else if (json !== null && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) leaves(value, path ? `${path}.${key}` : key, out);
  } else out.set(path, `${typeof json} ${String(json)}`);
  return out;
}

async function brokenFields(dialect: SandboxDialect, request: Omit<SandboxRequest, 'query'> & { query?: string }) {
  const answer = await dialect.handle({ ...request, query: new URLSearchParams(request.query ?? '') });
  expect(answer.status).toBe(200);
  const before = leaves(answer.json);
  const after = leaves(dialect.breakContract(answer.json));
  expect(leaves(answer.json)).toEqual(before); // the original answer is untouched
  return [...after].filter(([path, value]) => before.get(path) !== value).map(([path]) => path);
}

// The `contract` fault must break one named field; anything more would let a test pass for the wrong reason.
describe('the contract fault breaks exactly one field of a real answer', () => {
  it('Cloudflare invoice history', async () => {
    const changed = await brokenFields(createCloudflareDialect(), {
      method: 'GET',
      path: '/accounts/023e105f4ecef8ad9ca31a8372d0c353/ai-gateway/billing/invoice-history',
      query: 'type=all',
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.cloudflare.token}` },
      body: '',
    });
    expect(changed).toEqual(['result.invoices.0.amount_due']);
  });

  it('Stripe invoice list', async () => {
    const changed = await brokenFields(createStripeDialect(), {
      method: 'GET',
      path: '/v1/invoices',
      query: 'customer=cus_SbxAcmeUsd001&limit=3',
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.stripe.secretKey}` },
      body: '',
    });
    expect(changed).toEqual(['data.0.amount_due']);
  });

  it('Flexprice invoice search', async () => {
    const changed = await brokenFields(createFlexpriceDialect(), {
      method: 'POST',
      path: '/invoices/search',
      headers: { 'x-api-key': SANDBOX_CREDENTIALS.flexprice.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: 'cust_acme_usd', limit: 3, offset: 0 }),
    });
    expect(changed).toEqual(['items.0.amount_due']);
  });
});
