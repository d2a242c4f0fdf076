import type { Plugin } from 'graphql-yoga';
import { Slots } from '../http/concurrency.js';
import { costOfOperation } from '../limits/operation-prices.js';

export interface HeavyOperationGateOptions {
  /** Operations costing this much or more (src/limits/cost.ts) are heavy: a 100-invoice page with lines. */
  minCost: number;
  /** Heavy operations executing at once in this process; the rest wait their turn. */
  concurrent: number;
}

/**
 * Caps how many heavy operations execute at once in this process (issue 14). Mapping and resolving a
 * 100-invoice page takes the event loop for tens of milliseconds in many small pieces; fifty of them at once
 * make every request in the process wait behind all of them. Queued here, the big pages wait for each
 * other, and small requests keep the loop to themselves in between. Waiting counts toward the caller's
 * own time, never toward an upstream deadline: nothing has been asked yet.
 */
export function useHeavyOperationGate({ minCost, concurrent }: HeavyOperationGateOptions): Plugin {
  const turns = new Slots(concurrent);
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (costOfOperation(args) < minCost) return;
      const signal = (args.contextValue as { request?: Request }).request?.signal;
      setExecuteFn(async (executionArgs) => {
        const release = await turns.acquire(signal);
        try {
          return await executeFn(executionArgs);
        } finally {
          release();
        }
      });
    },
  };
}
