import { describe, expect, it } from 'vitest';
import { routeTemplate } from '../../src/telemetry/route-template.js';

/** Upstream routes in spans: every segment that is not a known path word is an id and becomes {id}. */
describe('routeTemplate', () => {
  it.each([
    ['/v1/invoices?customer=cus_A&limit=3', '/v1/invoices'],
    ['/v1/invoices/in_1Nabc/lines?limit=10', '/v1/invoices/{id}/lines'],
    ['/v1/customers/acme', '/v1/customers/{id}'],
    ['/v1/invoices/create_preview', '/v1/invoices/create_preview'],
    ['/accounts/023e105f4ecef8ad9ca31a8372d0c353/ai-gateway/billing/invoice-history', '/accounts/{id}/ai-gateway/billing/invoice-history'],
    ['/customers/cust_acme_usd', '/customers/{id}'],
    ['/invoices/search', '/invoices/search'],
    ['/customers/search', '/customers/search'],
  ])('%s -> %s', (path, template) => {
    expect(routeTemplate(path)).toBe(template);
  });
});
