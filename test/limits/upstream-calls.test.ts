import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateUpstreamCalls } from '../../src/limits/upstream-calls.js';
import { schema } from '../../src/schema/index.js';

const estimate = (query: string, variables: Record<string, unknown> = {}, defaultProvider = 'stripe' as const) =>
  estimateUpstreamCalls({ schema, document: parse(query), variables, defaultProvider });

describe('worst-case upstream calls of an operation, before it runs', () => {
  it('the upcoming invoice costs what each adapter asks', () => {
    expect(estimate('{ upcomingInvoice { id } }')).toBe(2);
    expect(estimate('{ upcomingInvoice(provider: CLOUDFLARE) { id } }')).toBe(1);
    expect(
      estimate('query($p: BillingProvider) { upcomingInvoice(provider: $p) { id lines(first: 50) { nodes { id } } } }', { p: 'FLEXPRICE' }),
    ).toBe(2);
  });

  it('a page of Stripe invoices asking for lines beyond the ten embedded costs a lines read per invoice', () => {
    expect(estimate('{ invoices(first: 100) { nodes { lines(first: 10) { nodes { id } } } } }')).toBe(1);
    expect(estimate('{ invoices(first: 100) { nodes { lines(first: 11) { nodes { id } } } } }')).toBe(101);
    expect(estimate('{ invoices(first: 5) { edges { node { lines { nodes { id } } } } } }')).toBe(6);
    // Cloudflare and Flexprice embed every line.
    expect(estimate('{ invoices(provider: FLEXPRICE, first: 100) { nodes { lines(first: 50) { nodes { id } } } } }')).toBe(2);
  });

  it('aliases multiply; customers are batched per page; fragments count where they are spread', () => {
    const aliased =
      '{ a: invoices(first: 100) { nodes { lines(first: 20) { nodes { id } } } } b: invoices(first: 40) { nodes { lines(first: 20) { nodes { id } } } } }';
    expect(estimate(aliased)).toBe(142);
    expect(estimate('{ invoices(first: 100) { nodes { customer { name } } } }')).toBe(2);
    expect(
      estimate('{ invoices(first: 3) { nodes { ...L } } } fragment L on Invoice { lines(after: "x") { nodes { id } } customer { id } }'),
    ).toBe(5);
  });

  it('filters and backward pages cost the scans Stripe may need; previews their three reads', () => {
    expect(estimate('{ invoices(type: AUTO, first: 10) { nodes { id } } }')).toBe(10);
    expect(estimate('{ invoices(last: 10) { nodes { id } } }')).toBe(20);
    expect(estimate('mutation { previewInvoice(input: { customer: "c" }) { __typename } }')).toBe(4);
    expect(estimate('{ invoice(id: "x") { id } node(id: "y") { id } }')).toBe(6);
  });
});
