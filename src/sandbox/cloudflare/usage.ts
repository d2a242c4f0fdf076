import { JsonNumber } from '../../http/lossless-json.js';
import type { SandboxResponse } from '../dialect.js';
import type { CfAccount } from './data.js';

/**
 * `POST /__sandbox/cloudflare/usage` `{"account": "...", "amount": 1234, "description": "..."}`: adds a usage line
 * of `amount` minor units to the account's upcoming invoice, as new AI Gateway traffic would, so its preview
 * changes (what the Cloudflare poller notices; docs/ARCHITECTURE.md section 14).
 */
export function addUsage(accounts: Map<string, CfAccount>, body: string): SandboxResponse {
  let input: { account?: unknown; amount?: unknown; description?: unknown };
  try {
    input = JSON.parse(body) as typeof input;
  } catch {
    return { status: 400, json: { error: 'the body is not JSON' } };
  }
  const account = typeof input.account === 'string' ? accounts.get(input.account) : undefined;
  if (!account) return { status: 404, json: { error: 'no such sandbox account' } };
  const amount = typeof input.amount === 'number' || typeof input.amount === 'string' ? String(input.amount) : '';
  if (!/^\d{1,15}$/.test(amount)) return { status: 400, json: { error: '`amount` must be whole minor units (e.g. 1250 for 12.50)' } };
  const preview = account.preview as { amount_due: JsonNumber; amount_remaining: JsonNumber; invoice_lines: unknown[] };
  const first = preview.invoice_lines[0] as { period?: unknown } | undefined;
  preview.invoice_lines.push({
    amount: new JsonNumber(amount),
    currency: account.currency,
    description: typeof input.description === 'string' ? input.description.slice(0, 200) : 'Sandbox usage',
    period: first?.period ?? null,
    pricing: { unit_amount_decimal: null },
    quantity: new JsonNumber('1'),
  });
  const plus = (value: JsonNumber) => new JsonNumber(String(BigInt(value.text) + BigInt(amount)));
  preview.amount_due = plus(preview.amount_due);
  preview.amount_remaining = plus(preview.amount_remaining);
  return { status: 200, json: { ok: true, amountDue: preview.amount_due.text } };
}
