import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyNullablePatch, loadFlexpriceSpec, type OpenApiDoc } from './openapi.js';

/**
 * Prism (`@stoplight/prism-cli` 5.14.2, `prism mock`) over Flexprice's OpenAPI file: an independent mock
 * of the same contract, started on a free loopback port and killed after the test.
 *
 * Prism cannot serve the file as it is, for two reasons, each handled by a named patch of a temporary
 * copy (the shared file is never touched):
 * - PATCH "prism-cut-cycles": InvoiceResponse -> subscription -> latest_invoice -> ... is recursive, and
 *   Prism answers 500 SCHEMA_TOO_COMPLEX for it. Back-references (a property whose $ref leads to a schema
 *   already being expanded) are removed. They are all optional expansions billgraph never asks for.
 * - PATCH "prism-wire-examples": the file types money as plain `string` (it is a shopspring decimal in
 *   major units, docs/UPSTREAMS.md 3.3) and currency as a free string, so Prism would answer "string" for
 *   `amount_due`, which billgraph rightly refuses as a broken contract. Those fields get an `example` of
 *   the documented format, and ids link up (customer, subscription). Everything else (structure, enums, times, integers, arrays) is Prism's own.
 */
const here = dirname(fileURLToPath(import.meta.url));
const PRISM_BIN = resolve(here, '..', '..', 'node_modules', '.bin', 'prism');

/** The customer id Prism's examples use, so the documents it returns link up (invoice -> customer). */
export const PRISM_CUSTOMER = 'cust_prism_example';
/** The subscription id Prism's examples use: billgraph checks a named subscription is the customer's. */
export const PRISM_SUBSCRIPTION = 'subs_prism';

const DECIMAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  InvoiceResponse: [
    'amount_due',
    'amount_paid',
    'amount_remaining',
    'subtotal',
    'total',
    'total_discount',
    'total_tax',
    'total_prepaid_credits_applied',
    'adjustment_amount',
    'refunded_amount',
    'overpaid_amount',
  ],
  InvoiceLineItemResponse: [
    'amount',
    'quantity',
    'prepaid_credits_applied',
    'line_item_discount',
    'invoice_level_discount',
    'price_unit_amount',
    'adjusted_entitlement_quantity',
  ],
};
const CURRENCY_SCHEMAS = ['InvoiceResponse', 'InvoiceLineItemResponse', 'SubscriptionResponse'];
const CUSTOMER_ID_SCHEMAS = ['InvoiceResponse', 'InvoiceLineItemResponse', 'SubscriptionResponse'];

type Schema = Record<string, unknown>;

export function cutCycles(doc: OpenApiDoc): OpenApiDoc {
  const copy = structuredClone(doc);
  const schemas = copy.components.schemas;
  const refName = (node: unknown) => {
    const ref = (node as Schema | null)?.$ref ?? ((node as Schema | null)?.items as Schema | undefined)?.$ref;
    return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : null;
  };
  const done = new Set<string>();
  const visit = (name: string, stack: Set<string>): void => {
    if (done.has(name) && !stack.size) return;
    const schema = schemas[name];
    if (!schema || stack.has(name)) return;
    stack.add(name);
    const walk = (node: Schema) => {
      const properties = node.properties as Record<string, Schema> | undefined;
      for (const [key, property] of Object.entries(properties ?? {})) {
        const target = refName(property);
        if (target && stack.has(target)) delete properties![key];
        else if (target) visit(target, stack);
        else if (property && typeof property === 'object') walk(property);
      }
      for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
        for (const part of (node[keyword] as Schema[] | undefined) ?? []) {
          const target = refName(part);
          if (target && !stack.has(target)) visit(target, stack);
        }
      }
      const additional = node.additionalProperties as Schema | undefined;
      const target = refName(additional);
      if (target && stack.has(target)) delete node.additionalProperties;
      else if (target) visit(target, stack);
    };
    walk(schema);
    stack.delete(name);
    done.add(name);
  };
  // Cut from the documents billgraph reads, so their own fields stay and the expansions are cut.
  for (const root of ['ListInvoicesResponse', 'InvoiceResponse', 'ListSubscriptionsResponse', 'CustomerResponse']) visit(root, new Set());
  return copy;
}

export function addWireExamples(doc: OpenApiDoc): OpenApiDoc {
  const copy = structuredClone(doc);
  const property = (schema: string, field: string) => {
    const found = (copy.components.schemas[schema]?.properties as Record<string, Schema> | undefined)?.[field];
    if (!found) throw new Error(`prism-wire-examples: ${schema}.${field} is not in the spec any more`);
    return found;
  };
  for (const [schema, fields] of Object.entries(DECIMAL_FIELDS)) for (const field of fields) property(schema, field).example = '12.3456789';
  for (const schema of CURRENCY_SCHEMAS) property(schema, 'currency').example = 'usd';
  for (const schema of CUSTOMER_ID_SCHEMAS) property(schema, 'customer_id').example = PRISM_CUSTOMER;
  property('CustomerResponse', 'id').example = PRISM_CUSTOMER;
  property('SubscriptionResponse', 'id').example = PRISM_SUBSCRIPTION;
  return copy;
}

export interface PrismMock {
  url: string;
  /** Everything Prism logged (request validation results among it). */
  log(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `prism mock` on the patched copy of the file; resolves once it answers HTTP. */
export async function startPrism(timeoutMs = 60_000): Promise<PrismMock> {
  const dir = mkdtempSync(join(tmpdir(), 'billgraph-prism-'));
  const specPath = join(dir, 'flexprice-openapi-3.0.prism.json');
  writeFileSync(specPath, JSON.stringify(addWireExamples(cutCycles(applyNullablePatch(loadFlexpriceSpec())))));
  const port = await freePort();
  const child: ChildProcess = spawn(PRISM_BIN, ['mock', specPath, '-p', String(port), '-h', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/customers/${PRISM_CUSTOMER}`, { headers: { 'x-api-key': 'probe' } });
      return { url, log: () => output, close };
    } catch {
      await new Promise((done) => setTimeout(done, 150));
    }
  }
  await close();
  throw new Error(`prism did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`);
}
