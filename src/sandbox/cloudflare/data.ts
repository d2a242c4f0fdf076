import { JsonNumber } from '../../http/lossless-json.js';
import { monthStart, randomHex, randomInt, SANDBOX_NOW, seededRandom } from '../random.js';

/**
 * Seeded Cloudflare AI Gateway billing data. Amounts are integer minor units (cents), which is what the
 * adapter assumes by default; timestamps are seconds for some accounts and milliseconds for others,
 * because Cloudflare does not document the unit and billgraph must read both.
 */
export interface CfAccount {
  id: string;
  name: string;
  currency: string;
  timeUnit: 's' | 'ms';
  /** This account's history endpoint ignores page/per_page and answers everything at once. */
  ignoresPaging: boolean;
  preview: Record<string, unknown>;
  /** Newest first. */
  history: Record<string, unknown>[];
}

export const CF_DEFAULT_ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
export const CF_EUR_ACCOUNT = '9a7806061c88ada191ed06f989cc3dac';
export const CF_JPY_ACCOUNT = 'b5a3c2d1e0f9a8b7c6d5e4f3a2b1c0d9';

const n = (value: number | bigint | string) => new JsonNumber(String(value));

interface AccountSeed {
  id: string;
  name: string;
  currency: string;
  timeUnit: 's' | 'ms';
  ignoresPaging: boolean;
  months: number;
  seed: number;
  /** Typical monthly usage charge in minor units. */
  monthlyBase: number;
  previewLines: {
    description: string | null;
    quantity: number;
    unitAmountDecimal: string | null;
    credit?: { amount: number; type: string; discount?: string | null; cbt?: string | null };
  }[];
}

const SEEDS: AccountSeed[] = [
  {
    id: CF_DEFAULT_ACCOUNT,
    name: 'Acme AI (USD)',
    currency: 'usd',
    timeUnit: 's',
    ignoresPaging: false,
    months: 30,
    seed: 1,
    monthlyBase: 12_000,
    previewLines: [
      {
        description: 'Workers AI: @cf/meta/llama-3.1-8b-instruct input tokens',
        quantity: 1_234_567,
        unitAmountDecimal: '0.0011',
        credit: { amount: 150, type: 'discount', discount: 'di_startup_program' },
      },
      { description: 'Workers AI: @cf/meta/llama-3.1-8b-instruct output tokens', quantity: 456_789, unitAmountDecimal: '0.0083' },
      { description: 'AI Gateway: cached responses served', quantity: 98_000, unitAmountDecimal: '0' },
      { description: 'AI Gateway: logs stored (per 100k)', quantity: 12, unitAmountDecimal: '25' },
      {
        description: 'OpenAI passthrough: gpt-4.1 input tokens',
        quantity: 2_000_000,
        unitAmountDecimal: '0.0002',
        credit: { amount: 100, type: 'credit_balance_transaction', cbt: 'cbtxn_sandbox_topup_01', discount: null },
      },
      { description: 'OpenAI passthrough: gpt-4.1 output tokens', quantity: 500_000, unitAmountDecimal: '0.0008' },
      { description: 'Anthropic passthrough: claude input tokens', quantity: 750_000, unitAmountDecimal: '0.0003' },
      { description: 'Anthropic passthrough: claude output tokens', quantity: 120_000, unitAmountDecimal: '0.0015' },
      { description: null, quantity: 1, unitAmountDecimal: null },
      { description: 'Dynamic routing evaluations', quantity: 33_333, unitAmountDecimal: '0.003' },
    ],
  },
  {
    id: CF_EUR_ACCOUNT,
    name: 'Beispiel GmbH (EUR)',
    currency: 'eur',
    timeUnit: 'ms',
    ignoresPaging: true,
    months: 26,
    seed: 2,
    monthlyBase: 4_500,
    previewLines: [
      { description: 'Workers AI: neurons', quantity: 2_500_000, unitAmountDecimal: '0.0011' },
      {
        description: 'AI Gateway: logs stored (per 100k)',
        quantity: 3,
        unitAmountDecimal: '25',
        credit: { amount: 75, type: 'discount', discount: 'di_eu_launch' },
      },
      { description: 'Vectorize queries', quantity: 10_001, unitAmountDecimal: '0.01' },
    ],
  },
  {
    id: CF_JPY_ACCOUNT,
    name: 'Rei KK (JPY)',
    currency: 'jpy',
    timeUnit: 's',
    ignoresPaging: false,
    months: 24,
    seed: 3,
    monthlyBase: 18_000,
    previewLines: [
      { description: 'Workers AI: neurons', quantity: 9_000_000, unitAmountDecimal: '0.0015' },
      { description: 'AI Gateway: logs stored (per 100k)', quantity: 7, unitAmountDecimal: '400' },
      {
        description: 'Vectorize queries',
        quantity: 120_000,
        unitAmountDecimal: '0.02',
        credit: { amount: 500, type: 'credit_balance_transaction', cbt: 'cbtxn_jp_promo', discount: null },
      },
      { description: 'Images transformed', quantity: 5_000, unitAmountDecimal: '0.5' },
    ],
  },
];

/** Minor units of quantity x unit price, rounded half up to a whole unit (as a billing system would). */
function lineAmount(quantity: number, unitAmountDecimal: string | null): bigint {
  if (unitAmountDecimal === null) return 0n;
  const [whole = '0', fraction = ''] = unitAmountDecimal.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const exact = BigInt(quantity) * BigInt(whole + fraction);
  return (exact + scale / 2n) / scale;
}

function buildAccount(seed: AccountSeed): CfAccount {
  const random = seededRandom(seed.seed);
  const time = (date: Date) => n(seed.timeUnit === 's' ? Math.floor(date.getTime() / 1000) : date.getTime());
  const periodStart = monthStart(SANDBOX_NOW, 0);
  const periodEnd = monthStart(SANDBOX_NOW, -1);

  const invoiceLines = seed.previewLines.map((line) => {
    const amount = line.unitAmountDecimal === null ? 500n : lineAmount(line.quantity, line.unitAmountDecimal);
    const result: Record<string, unknown> = {
      amount: n(amount),
      currency: seed.currency,
      description: line.description,
      period: { start: time(periodStart), end: time(periodEnd) },
      pricing: { unit_amount_decimal: line.unitAmountDecimal },
      quantity: n(line.quantity),
    };
    if (line.credit) {
      result.pretax_credit_amounts = [
        {
          amount: n(line.credit.amount),
          type: line.credit.type,
          credit_balance_transaction: line.credit.cbt ?? null,
          discount: line.credit.discount ?? null,
        },
      ];
    }
    return { result, amount, credit: BigInt(line.credit?.amount ?? 0) };
  });
  const due = invoiceLines.reduce((sum, line) => sum + line.amount - line.credit, 0n);
  const preview = {
    id: `in_preview_${seed.id.slice(0, 12)}`,
    amount_due: n(due),
    amount_paid: n(0),
    amount_remaining: n(due),
    currency: seed.currency,
    period_start: time(periodStart),
    period_end: time(periodEnd),
    status: 'draft',
    invoice_lines: invoiceLines.map((line) => line.result),
  };

  const entries: { at: number; invoice: Record<string, unknown> }[] = [];
  const history = { push: (invoice: Record<string, unknown>, at: Date) => entries.push({ at: at.getTime(), invoice }) };
  for (let monthsAgo = 1; monthsAgo <= seed.months; monthsAgo += 1) {
    const created = new Date(monthStart(SANDBOX_NOW, monthsAgo - 1).getTime() + 3_600_000);
    const amount = BigInt(seed.monthlyBase + randomInt(random, -seed.monthlyBase / 3, seed.monthlyBase / 2));
    // The newest invoice is still open and unpaid; one older one failed and was voided.
    const status = monthsAgo === 1 ? 'open' : monthsAgo === 7 ? 'void' : monthsAgo === 13 ? 'uncollectible' : 'paid';
    const paid = status === 'paid' ? amount : 0n;
    const remaining = status === 'open' || status === 'uncollectible' ? amount : 0n;
    const invoice: Record<string, unknown> = {
      id: `in_${randomHex(random, 24)}`,
      amount_due: n(amount),
      amount_paid: n(paid),
      amount_remaining: n(remaining),
      currency: seed.currency,
      attempt_count: n(status === 'uncollectible' ? 4 : status === 'open' ? 0 : 1),
      attempted: status !== 'open',
      auto_advance: status === 'open' ? true : status === 'paid' ? false : null,
      created: time(created),
      created_by: 'billing-cycle',
      description: monthsAgo % 5 === 0 ? null : `AI Gateway usage, ${created.toISOString().slice(0, 7)}`,
      invoice_origin: 'auto',
      invoice_pdf: status === 'paid' ? `https://pay.cloudflare.test/invoices/${seed.id}/${monthsAgo}.pdf` : null,
      status,
    };
    // Every nullable field exercised: one history invoice without an id, one without a status,
    // one without the optional keys at all.
    if (monthsAgo === 4) invoice.id = null;
    if (monthsAgo === 10) invoice.status = null;
    if (monthsAgo === 16) {
      delete invoice.attempt_count;
      delete invoice.attempted;
      delete invoice.created_by;
    }
    history.push(invoice, created);
    if (monthsAgo % 4 === 2) {
      const topUp = BigInt(randomInt(random, 10, 50) * 1000);
      const toppedUpAt = new Date(created.getTime() + 9 * 86_400_000);
      history.push(
        {
          id: `in_${randomHex(random, 24)}`,
          amount_due: n(topUp),
          amount_paid: n(topUp),
          amount_remaining: n(0),
          currency: seed.currency,
          attempt_count: n(1),
          attempted: true,
          auto_advance: false,
          created: time(toppedUpAt),
          created_by: 'ops@example.test',
          description: 'Credit top-up',
          invoice_origin: 'manual',
          invoice_pdf: `https://pay.cloudflare.test/invoices/${seed.id}/topup-${monthsAgo}.pdf`,
          status: 'paid',
        },
        toppedUpAt,
      );
    }
  }
  if (seed.id === CF_DEFAULT_ACCOUNT) {
    // 2^53 + 1 cents: a float64 would silently round this to 2^53. billgraph must not.
    const committedAt = new Date(monthStart(SANDBOX_NOW, 2).getTime() + 20 * 86_400_000);
    history.push(
      {
        id: 'in_precision_beyond_float64',
        amount_due: n('9007199254740993'),
        amount_paid: n('9007199254740993'),
        amount_remaining: n(0),
        currency: seed.currency,
        attempt_count: n(1),
        attempted: true,
        auto_advance: false,
        created: time(committedAt),
        created_by: 'ops@example.test',
        description: 'Enterprise commitment (precision check: beyond 2^53 cents)',
        invoice_origin: 'manual',
        invoice_pdf: null,
        status: 'paid',
      },
      committedAt,
    );
  }
  entries.sort((a, b) => b.at - a.at);
  return {
    id: seed.id,
    name: seed.name,
    currency: seed.currency,
    timeUnit: seed.timeUnit,
    ignoresPaging: seed.ignoresPaging,
    preview,
    history: entries.map((entry) => entry.invoice),
  };
}

export function seedCloudflareAccounts(): Map<string, CfAccount> {
  return new Map(SEEDS.map((seed) => [seed.id, buildAccount(seed)]));
}
