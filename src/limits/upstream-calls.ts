import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ProviderName } from '../domain/invoice.js';

/**
 * Worst-case upstream calls per field, from what each adapter asks (docs/ARCHITECTURE.md, "Upstream calls are
 * the unit of cost"). A field asked twice under two aliases costs twice; customers are batched, so a page's
 * `customer` costs one read per page, not one per invoice.
 */
export const CALLS = {
  /** Stripe: the customer's subscriptions + the preview; Flexprice: subscription search + preview. */
  upcomingInvoice: { cloudflare: 1, stripe: 2, flexprice: 2 },
  /**
   * Stripe previews the change and the current upcoming invoice after one subscription lookup, and reads the
   * customer's currency for one-off charges.
   */
  previewInvoice: { cloudflare: 1, stripe: 4, flexprice: 4 },
  /**
   * One page; Flexprice looks the customer up when it comes back empty; Cloudflare may have to re-locate the
   * page when the upstream keeps its own page size, and read one more where a GraphQL page spans two
   * (more per 50 invoices asked, below). Filters and `last` cost more below.
   */
  invoicePage: { cloudflare: 2, stripe: 1, flexprice: 2 },
  /** Stripe scans up to 10 pages for a filtered page, or walks up to 20 for `last` without `before`. */
  stripeFilteredPage: 10,
  stripeWalk: 20,
  /** Cloudflare has no invoice-by-id read: the history is scanned for it. */
  invoiceById: { cloudflare: 3, stripe: 1, flexprice: 1 },
  customer: { cloudflare: 0, stripe: 1, flexprice: 1 },
} as const;

/** Lines Stripe embeds in an issued invoice: asking for more (or for a later page) costs a lines read. */
export const STRIPE_EMBEDDED_LINES = 10;
const DEFAULT_PAGE = 20;
/** Invoices per Cloudflare history page billgraph asks for (src/providers/cloudflare/history.ts). */
const CLOUDFLARE_HISTORY_PAGE = 50;
const MAX_PAGE = 100;

interface Scope {
  provider: ProviderName | 'any';
  /** Invoices the current selection applies to (a page's size, or 1). */
  invoices: number;
  /** Issued invoices page their lines upstream; upcoming and previewed ones embed every line billgraph shows. */
  issued: boolean;
}

export interface EstimateInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  defaultProvider: ProviderName;
}

/** The most upstream calls an operation can make, before any is made. */
export function estimateUpstreamCalls(input: EstimateInput): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!input.operationName || definition.name?.value === input.operationName))
      operation ??= definition;
  }
  if (!operation) return 0;
  // A subscription is priced per event: what one re-read after an event may cost (src/live).
  const root =
    operation.operation === 'mutation'
      ? input.schema.getMutationType()
      : operation.operation === 'subscription'
        ? input.schema.getSubscriptionType()
        : input.schema.getQueryType();
  if (!root) return 0;
  const walker = new CallWalker(input, fragments);
  return walker.selection(operation.selectionSet, root.name, { provider: 'any', invoices: 1, issued: true }, new Set());
}

class CallWalker {
  constructor(
    private readonly input: EstimateInput,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
  ) {}

  selection(set: SelectionSetNode, typeName: string, scope: Scope, visiting: Set<string>): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += this.selection(selection.selectionSet, selection.typeCondition?.name.value ?? typeName, scope, visiting);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        total += this.selection(fragment.selectionSet, fragment.typeCondition.name.value, scope, visiting);
        visiting.delete(fragment.name.value);
      } else {
        const parent = this.input.schema.getType(typeName);
        const field = isObjectType(parent) ? parent.getFields()[selection.name.value] : undefined;
        if (!field) continue;
        const args = this.args(field, selection);
        const own = this.fieldCalls(typeName, field.name, args, scope);
        const below = this.scopeBelow(typeName, field.name, args, scope);
        total += own;
        if (selection.selectionSet && below)
          total += this.selection(selection.selectionSet, getNamedType(field.type).name, below, visiting);
      }
    }
    return total;
  }

  private args(field: GraphQLField<unknown, unknown>, node: Parameters<typeof getArgumentValues>[1]): Record<string, unknown> {
    try {
      return getArgumentValues(field, node, this.input.variables ?? {});
    } catch {
      return {}; // validation reports bad arguments; the estimate assumes the defaults
    }
  }

  private providerOf(args: Record<string, unknown>, scope: Scope): ProviderName | 'any' {
    const input = args.input as { provider?: unknown } | undefined;
    const named = args.provider ?? input?.provider;
    if (typeof named === 'string') return named.toLowerCase() as ProviderName;
    return scope.provider === 'any' ? this.input.defaultProvider : scope.provider;
  }

  private fieldCalls(typeName: string, fieldName: string, args: Record<string, unknown>, scope: Scope): number {
    const provider = this.providerOf(args, scope);
    const of = (table: Record<ProviderName, number>) => (provider === 'any' ? Math.max(...Object.values(table)) : table[provider]);
    if (typeName === 'Query' && fieldName === 'upcomingInvoice') return of(CALLS.upcomingInvoice);
    if (typeName === 'Query' && (fieldName === 'invoice' || fieldName === 'node')) return Math.max(...Object.values(CALLS.invoiceById));
    if (typeName === 'Query' && fieldName === 'invoices') return this.pageCalls(provider, args);
    if (typeName === 'Mutation' && fieldName === 'previewInvoice') return of(CALLS.previewInvoice);
    if (typeName === 'Subscription' && fieldName === 'upcomingInvoiceChanged') return of(CALLS.upcomingInvoice);
    if (typeName === 'InvoiceEvent' && fieldName === 'invoice') return of(CALLS.invoiceById);
    if (typeName === 'Invoice' && fieldName === 'customer') return of(CALLS.customer);
    if (typeName === 'Invoice' && fieldName === 'lines')
      return scope.issued && provider === 'stripe' && linesRead(args) ? scope.invoices : 0;
    return 0;
  }

  private pageCalls(provider: ProviderName | 'any', args: Record<string, unknown>): number {
    if (provider === 'cloudflare') return CALLS.invoicePage.cloudflare + Math.ceil(Math.max(1, pageSize(args)) / CLOUDFLARE_HISTORY_PAGE);
    if (provider !== 'stripe') return provider === 'any' ? CALLS.stripeWalk : CALLS.invoicePage[provider];
    if (typeof args.last === 'number' && args.before == null) return CALLS.stripeWalk;
    return args.type && args.type !== 'ALL' ? CALLS.stripeFilteredPage : CALLS.invoicePage.stripe;
  }

  /** The scope a field's selection is walked in, or null when nothing below it can cost a call. */
  private scopeBelow(typeName: string, fieldName: string, args: Record<string, unknown>, scope: Scope): Scope | null {
    const provider = this.providerOf(args, scope);
    if (typeName === 'Query' && fieldName === 'invoices') return { provider, invoices: pageSize(args), issued: true };
    if (typeName === 'Query' && fieldName === 'upcomingInvoice') return { provider, invoices: 1, issued: false };
    if (typeName === 'Mutation' && fieldName === 'previewInvoice') return { provider, invoices: 1, issued: false };
    if (typeName === 'Subscription' && fieldName === 'upcomingInvoiceChanged') return { provider, invoices: 1, issued: false };
    if (typeName === 'Query' || typeName === 'Subscription') return { provider, invoices: 1, issued: true };
    if (typeName === 'Invoice' && (fieldName === 'lines' || fieldName === 'customer')) return null;
    return scope;
  }
}

function pageSize(args: Record<string, unknown>): number {
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE;
  return Math.min(Math.max(asked, 0), MAX_PAGE);
}

/** Whether a Stripe issued invoice's `lines(...)` may need the lines endpoint beyond the embedded page. */
function linesRead(args: Record<string, unknown>): boolean {
  if (args.after != null || args.before != null || typeof args.last === 'number') return true;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
  return first > STRIPE_EMBEDDED_LINES;
}
