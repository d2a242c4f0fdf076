import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal.js';
import type { UpstreamAttempt } from '../http/client.js';
import type { CallAllowance } from '../budget/upstream-gate.js';
import type { Slots } from '../http/concurrency.js';
import type { UpstreamFailureReport } from '../http/json-api.js';

/** What a request costs in upstream calls (docs/ARCHITECTURE.md section 10), reported in `extensions.cost`. */
export interface RequestCost {
  /** The estimate of every operation executed (a batch adds them up). */
  estimated: number;
  /** Calls taken from the caller's budget before execution (refunded down to the actual cost after). */
  spent: number;
  /** The caller's budget left after this request, when it was asked. */
  remaining: number | null;
  /** The hard cap at execution: upstream calls may begin only while `calls < cap`. */
  allowance: CallAllowance;
}

/** What the server learns about one HTTP request while it runs (for the request log, metrics and context). */
export interface RequestState {
  requestId: string;
  startedAt: number;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  principal: Principal | null;
  upstreamCalls: UpstreamAttempt[];
  /** Failed upstream answers with the upstream's own words: logged scrubbed, never shown to the caller. */
  upstreamFailures: UpstreamFailureReport[];
  errorCodes: string[];
  /** Upstream attempts in flight for this HTTP request: shared by every operation of a batch. */
  slots: Slots | null;
  /** Whose budget this request draws on: the principal key, or the caller's address in sandbox mode. */
  budgetKey: string | null;
  cost: RequestCost;
  /** The trace this request's operations belong to, when tracing is on (src/server/use-tracing.ts). */
  traceId?: string;
}

/** Per-request state keyed by the Request itself, so it lives exactly as long as the request. */
export class RequestStates {
  private readonly states = new WeakMap<Request, RequestState>();
  private readonly principals = new WeakMap<Request, Promise<Principal>>();
  /** Resolved by the budget's door before Yoga made a Request of the node request (src/server/budget-door.ts). */
  private readonly beforeYoga = new WeakMap<IncomingMessage, Promise<Principal>>();

  constructor(private readonly resolvePrincipal: (headers: Headers) => Promise<Principal>) {}

  /** The request's state, made on first use with the caller's request id (if well-formed) or a new one. */
  of(request: Request): RequestState {
    let state = this.states.get(request);
    if (!state) {
      const requestId = request.headers.get('x-request-id')?.match(/^[\w-]{1,64}$/)?.[0] ?? randomUUID();
      state = {
        requestId,
        startedAt: performance.now(),
        operationName: null,
        operationType: null,
        principal: null,
        upstreamCalls: [],
        upstreamFailures: [],
        errorCodes: [],
        slots: null,
        budgetKey: null,
        cost: { estimated: 0, spent: 0, remaining: null, allowance: { cap: 0, calls: 0 } },
      };
      this.states.set(request, state);
    }
    return state;
  }

  /**
   * The principal of a node request before Yoga has a Request (src/server/budget-door.ts), kept so that Yoga's
   * principalOf for the same request does not verify the JWT again.
   */
  principalBeforeYoga(req: IncomingMessage, headers: () => Headers): Promise<Principal> {
    let principal = this.beforeYoga.get(req);
    if (!principal) {
      principal = this.resolvePrincipal(headers());
      this.beforeYoga.set(req, principal);
      principal.catch(() => {}); // the context factory reports the failure
    }
    return principal;
  }

  /** Yoga made `request` of `req`: a principal the door in front of Yoga resolved for it is the request's. */
  adoptBeforeYoga(request: Request, req: IncomingMessage | undefined): void {
    const principal = req && this.beforeYoga.get(req);
    if (principal && !this.principals.has(request)) this.principals.set(request, principal);
  }

  /** The principal of a request, resolved (JWT verified) at most once whoever asks first. */
  principalOf(request: Request): Promise<Principal> {
    let principal = this.principals.get(request);
    if (!principal) {
      principal = this.resolvePrincipal(request.headers);
      this.principals.set(request, principal);
      principal.catch(() => {}); // the context factory reports the failure
    }
    return principal;
  }
}
