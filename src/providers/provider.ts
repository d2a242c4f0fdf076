import type { Customer, Invoice, InvoiceLine, InvoiceRef, InvoiceTypeFilter, ProviderName } from '../domain/invoice.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { PreviewInvoiceInput } from '../domain/preview.js';
import type { CallOptions } from '../http/client.js';
import type { UpstreamFailureReport } from '../http/json-api.js';

/**
 * Per-call facts an adapter needs besides its own configuration: the caller's own upstream credential
 * headers (pass-through mode; null = use the configured key) and the hooks of the current request.
 */
export interface ProviderCall extends CallOptions {
  credentials: Readonly<Record<string, string>> | null;
  /**
   * Per-request memo for upstream reads: the same read (same key) asked twice in one GraphQL operation
   * costs one upstream call. The JSON API (src/http/json-api.ts) derives the key from the provider, method,
   * path, query and body, e.g. "cloudflare GET /accounts/a/ai-gateway/billing/invoice-history?page=1".
   */
  memo<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** Told of each failed upstream answer, with the upstream's words for the request log (never for the caller). */
  onUpstreamFailure?: (failure: UpstreamFailureReport) => void;
}

export interface InvoiceListQuery {
  customer: string;
  type: InvoiceTypeFilter;
  page: PageRequest;
}

/**
 * What every billing upstream offers billgraph. Adapters build upstream requests, call src/http and map
 * wire JSON to domain objects; they never see GraphQL.
 */
export interface BillingProvider {
  readonly name: ProviderName;
  /** The customer used when a query names none (the sandbox's seeded default, or configured). */
  readonly defaultCustomer: string | null;

  /** The next invoice of a customer (optionally one subscription); null when there is none. */
  upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null>;

  /** One page of invoice history, newest first. Positions are the adapter's own (offsets or ids). */
  listInvoices(call: ProviderCall, query: InvoiceListQuery): Promise<Page<Invoice>>;

  /** One invoice by the key in its ref; null when it does not exist. */
  getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null>;

  /**
   * Lines beyond the ones embedded in an issued invoice, for upstreams that page them. Absent when the
   * upstream always embeds every line. Never asked for a preview's lines.
   */
  listInvoiceLines?(call: ProviderCall, invoice: Invoice, page: PageRequest): Promise<Page<InvoiceLine>>;

  /** Customers by id, in the order asked (null where unknown). Absent when the upstream has no customers. */
  getCustomers?(call: ProviderCall, ids: readonly string[]): Promise<(Customer | null)[]>;

  /**
   * The checks of a preview input that need no upstream call: UNSUPPORTED naming the fields this provider
   * cannot preview, BAD_USER_INPUT with the field path. Run before anything is asked upstream.
   */
  checkPreview(input: PreviewInvoiceInput): void;

  /** The invoice the input would produce (after checkPreview). */
  previewInvoice(call: ProviderCall, input: PreviewInvoiceInput): Promise<Invoice>;

  close(): Promise<void>;
}
