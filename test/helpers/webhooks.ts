import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import type { BillingEvent } from '../../src/live/billing-event.js';
import type { Harness } from './harness.js';

/** A fresh Standard Webhooks secret, as Svix hands them out. */
export const standardSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Every BillingEvent the app's hub emitted, in order. */
export function recordEvents(h: Harness): BillingEvent[] {
  const seen: BillingEvent[] = [];
  h.app.events.on((event) => void seen.push(event));
  return seen;
}

export const webhookUrl = (h: Harness, provider: string, base = '/webhooks') => h.url.replace(/\/graphql$/, `${base}/${provider}`);

/** Signs with the official SDK's test header generator, as Stripe signs deliveries. */
export function stripeHeader(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });
}

/** Svix-named headers signed by the spec's library, as Flexprice Cloud sends them. */
export function svixHeaders(payload: string, secret: string, id: string, at = new Date()): Record<string, string> {
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(id, at, payload),
  };
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export function stripeInvoiceEvent(
  id: string,
  type: string,
  customer = 'cus_SbxAcmeUsd001',
  invoice: string | null = 'in_Test0001',
): string {
  const object: Record<string, unknown> = {
    object: 'invoice',
    customer,
    status: 'paid',
    parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_SbxAcmePro001', metadata: {} } },
  };
  if (invoice) object.id = invoice;
  return JSON.stringify({ id, object: 'event', type, created: 1_795_000_000, api_version: '2026-07-29.dahlia', data: { object } });
}
