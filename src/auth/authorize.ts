import type { CursorCodec } from '../domain/cursor.js';
import { BillingError, badInput } from '../domain/errors.js';
import type { Invoice, ProviderName } from '../domain/invoice.js';
import type { Principal } from './principal.js';

/** The provider and customer a root field works on, after defaults and the principal's limits. */
export interface Target {
  provider: ProviderName;
  customer: string;
}

const forbidden = (what: string) => new BillingError('FORBIDDEN', `you may not see ${what}`);

/**
 * Picks the provider and customer a query is about: explicit arguments, else the principal's own, else the
 * deployment defaults. A customer principal may only narrow to its own customers.
 */
export function resolveTarget(
  principal: Principal,
  args: { provider?: ProviderName | null | undefined; customer?: string | null | undefined },
  defaults: { provider: ProviderName; customerOf: (provider: ProviderName) => string | null },
  /** Where `customer` sits in the request: ["customer"] for a root argument, ["input", "customer"] in a mutation. */
  customerField: readonly string[] = ['customer'],
): Target {
  const field = [...customerField];
  if (principal.kind === 'customer') {
    const provider = args.provider ?? principal.provider;
    if (provider !== principal.provider) throw forbidden(`invoices of the ${provider} provider`);
    const customer = args.customer ?? (principal.customers.length === 1 ? principal.customers[0] : undefined);
    if (customer === undefined) throw badInput(`\`customer\` is required: you may see ${principal.customers.join(', ')}`, field);
    assertCustomer(principal, provider, customer);
    return { provider, customer };
  }
  const provider = args.provider ?? defaults.provider;
  const customer = args.customer ?? defaults.customerOf(provider);
  if (customer === null) throw badInput(`\`customer\` is required: no default ${provider} customer is configured`, field);
  if (customer.length === 0 || customer.length > 255) throw badInput('`customer` must be 1 to 255 characters', field);
  return { provider, customer };
}

/** Throws FORBIDDEN unless the principal may see this customer's invoices. */
export function assertCustomer(principal: Principal, provider: ProviderName, customer: string): void {
  if (principal.kind !== 'customer') return;
  if (principal.provider !== provider || !principal.customers.includes(customer)) throw forbidden(`customer ${customer}`);
}

/**
 * Whether the principal may see a loaded invoice, decided from the customer the upstream reported, not the
 * one an id or cursor claimed.
 */
export function isInvoiceVisible(principal: Principal, invoice: Invoice): boolean {
  if (principal.kind !== 'customer') return true;
  // Fail closed: an invoice whose upstream named no customer is visible to no customer principal.
  const owner = invoice.customerId;
  return owner !== null && principal.provider === invoice.ref.provider && principal.customers.includes(owner);
}

/** FORBIDDEN unless the principal may see a loaded invoice (isInvoiceVisible). */
export function assertInvoiceVisible(principal: Principal, invoice: Invoice): void {
  if (!isInvoiceVisible(principal, invoice)) throw forbidden('this invoice');
}

/**
 * A cursor taken from a query about a customer the principal may not see is FORBIDDEN, before it is
 * decoded against the current query (which would only say BAD_USER_INPUT) and before any upstream call.
 */
export function assertCursorVisible(principal: Principal, cursor: string, cursors: CursorCodec): void {
  if (principal.kind !== 'customer') return;
  const claimed = cursors.customerOf(cursor);
  if (claimed) assertCustomer(principal, claimed.provider, claimed.customer);
}
