import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal.js';
import type { PrincipalBudget } from '../budget/principal-budget.js';
import type { RateLimitedError } from '../domain/errors.js';
import { budgetKeyOf } from './context.js';
import type { UpstreamBudgetOptions } from './use-upstream-budget.js';

/** What the budget's door learnt about one caller: whose budget it draws on, and its refusal if it is spent. */
export interface DoorVerdict {
  budgetKey: string;
  refusal: RateLimitedError | null;
}

/**
 * The budget's door, written once for both places it stands (docs/ARCHITECTURE.md section 10): the node handler
 * in front of Yoga (src/server/budget-door.ts) and Yoga's onRequest for browser pages (useUpstreamBudget). null
 * when the caller has no principal: UNAUTHENTICATED is the context factory's to say, not the door's.
 */
export async function spentCallerAtTheDoor(
  budget: PrincipalBudget,
  principal: Promise<Principal>,
  req: IncomingMessage | undefined,
): Promise<DoorVerdict | null> {
  const resolved = await principal.catch(() => null);
  if (!resolved) return null;
  const budgetKey = budgetKeyOf(resolved, req);
  return { budgetKey, refusal: budget.refusalAtTheDoor(budgetKey) };
}

/** What a caller refused at the door is told: status, headers and body of the 429 (README, "When you are limited"). */
export function doorRefusal(error: RateLimitedError, options: Pick<UpstreamBudgetOptions, 'maxUpstreamCalls' | 'allowance'>) {
  const retryAfter = error.retryAfter ?? 1;
  const cost = {
    estimatedUpstreamCalls: 0,
    actualUpstreamCalls: 0,
    maxUpstreamCalls: options.maxUpstreamCalls,
    budget: { remaining: 0, burst: options.allowance.burst, perSecond: options.allowance.perSecond },
  };
  const body = { errors: [{ message: error.message, extensions: { code: 'RATE_LIMITED', retryAfter } }], extensions: { cost } };
  return {
    status: 429,
    headers: { 'content-type': 'application/graphql-response+json; charset=utf-8', 'retry-after': String(retryAfter) },
    body: JSON.stringify(body),
  };
}
