import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrincipalBudget } from '../budget/principal-budget.js';
import type { RequestStates } from './request-state.js';
import { doorRefusal, spentCallerAtTheDoor } from './spent-caller.js';
import type { UpstreamBudgetOptions } from './use-upstream-budget.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface BudgetDoorOptions extends Pick<UpstreamBudgetOptions, 'maxUpstreamCalls' | 'allowance'> {
  budget: PrincipalBudget;
  states: RequestStates;
  /** Counted once per refusal (metrics); nothing is logged, which is the point during a flood. */
  onRefusal?: () => void;
}

/** Node's headers as a fetch Headers, for the principal resolver (the only thing the door reads). */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const one of value) headers.append(name, one);
  }
  return headers;
}

/**
 * The budget's door in front of Yoga (docs/ARCHITECTURE.md section 10). While some caller is known to be spent
 * to zero (PrincipalBudget.anySpent), a GraphQL request from such a caller is answered 429 here, before Yoga
 * makes a Request of it, parses, validates or logs anything: a flood then costs the process a JWT check and a
 * short write. Requests with an `Origin` header (a browser page) go on to Yoga, whose own door (in
 * useUpstreamBudget) gives the same 429 with the CORS headers the page needs to read it. Otherwise the handler
 * is Yoga's, untouched.
 */
export function withBudgetDoor(yoga: NodeHandler, options: BudgetDoorOptions): NodeHandler {
  const { budget, states } = options;
  const refuse = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const verdict = await spentCallerAtTheDoor(
      budget,
      states.principalBeforeYoga(req, () => headersOf(req)),
      req,
    );
    if (!verdict?.refusal) return false; // Yoga reuses the principal resolved here
    const { status, headers, body } = doorRefusal(verdict.refusal, options);
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
    options.onRefusal?.();
    return true;
  };
  return (req, res) => {
    if (!budget.anySpent || req.headers.origin !== undefined || !req.url?.startsWith('/graphql')) return yoga(req, res);
    refuse(req, res).then(
      (answered) => answered || yoga(req, res),
      () => yoga(req, res),
    );
  };
}
