import type { DocumentNode, ExecutionArgs, GraphQLSchema } from 'graphql';
import { operationCost } from './cost.js';

/**
 * A price of an operation (its cost, its upstream calls) worked out once per parsed document. Yoga's parse
 * cache hands a repeated query the very same DocumentNode, so identical requests are priced once instead of
 * walking the document each time. Only operations sent without variables are remembered: with them, the
 * price depends on their values. One instance per schema.
 */
export class OperationPrices {
  // Weak: a price lives as long as the parsed document does (src/limits/document-cache.ts bounds those).
  readonly #prices = new WeakMap<DocumentNode, Map<string, number>>();

  /** `key` names everything else the price depends on (operation name, default provider). */
  price(document: DocumentNode, variables: unknown, key: string, compute: () => number): number {
    if (!isEmpty(variables)) return compute();
    let prices = this.#prices.get(document);
    if (prices === undefined) this.#prices.set(document, (prices = new Map()));
    let price = prices.get(key);
    if (price === undefined) prices.set(key, (price = compute()));
    return price;
  }
}

function isEmpty(variables: unknown): boolean {
  if (variables === null || variables === undefined) return true;
  for (const _name in variables as object) return false;
  return true;
}

const costs = new WeakMap<GraphQLSchema, OperationPrices>();

/** An operation's cost (src/limits/cost.ts) for the plugins that limit by it: one walk per document for all of them. */
export function costOfOperation({ schema, document, operationName, variableValues }: ExecutionArgs): number {
  let prices = costs.get(schema);
  if (prices === undefined) costs.set(schema, (prices = new OperationPrices()));
  return prices.price(document, variableValues, operationName ?? '', () => operationCost(schema, document, operationName, variableValues));
}
