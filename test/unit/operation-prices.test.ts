import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost } from '../../src/limits/cost.js';
import { costOfOperation, OperationPrices } from '../../src/limits/operation-prices.js';
import { schema } from '../../src/schema/index.js';

describe('OperationPrices', () => {
  const document = parse('{ invoices(first: 20) { nodes { id } } }');
  const counting = (price: number) => {
    let computed = 0;
    return { compute: () => ((computed += 1), price), computed: () => computed };
  };

  it('prices an operation sent without variables once per document and key', () => {
    const prices = new OperationPrices();
    const { compute, computed } = counting(21);
    expect(prices.price(document, undefined, 'q\ncloudflare', compute)).toBe(21);
    expect(prices.price(document, {}, 'q\ncloudflare', compute)).toBe(21);
    expect(prices.price(document, null, 'q\ncloudflare', compute)).toBe(21);
    expect(computed()).toBe(1);
    prices.price(document, undefined, 'q\nstripe', compute);
    prices.price(parse('{ invoices(first: 20) { nodes { id } } }'), undefined, 'q\ncloudflare', compute);
    expect(computed()).toBe(3);
  });

  it('prices an operation sent with variables every time: the price depends on them', () => {
    const prices = new OperationPrices();
    const { compute, computed } = counting(5);
    prices.price(document, { first: 5 }, 'q', compute);
    prices.price(document, { first: 5 }, 'q', compute);
    expect(computed()).toBe(2);
  });

  it("an operation's cost is the cost worked out afresh, with and without variables", () => {
    const withLines = parse('query Page($n: Int) { invoices(first: $n) { nodes { id lines(first: 5) { nodes { description } } } } }');
    for (const [asked, variableValues] of [
      [document, undefined],
      [document, {}],
      [withLines, { n: 50 }],
      [withLines, { n: 2 }],
    ] as const) {
      const fresh = operationCost(schema, asked, undefined, variableValues);
      expect(costOfOperation({ schema, document: asked, variableValues })).toBe(fresh);
      expect(costOfOperation({ schema, document: asked, variableValues })).toBe(fresh);
    }
  });
});
