import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
import type { BreakerState } from '../http/breaker.js';
import { scrub, type Logger } from '../log/logger.js';

/** The most a command waits for Redis before it counts as a failure (Redis answers on loopback in <1 ms). */
export const COMMAND_TIMEOUT_MS = 250;
/** How long a tripped Redis is skipped before one command probes it again. */
const PROBE_AFTER_MS = 1_000;

class RedisTimeoutError extends Error {
  constructor(operation: string) {
    super(`Redis did not answer ${operation} within ${COMMAND_TIMEOUT_MS} ms`);
  }
}

/** Settles with `work`, or fails after the command timeout: a late answer is a failure, whatever it says. */
export function withinTimeout<T>(operation: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(operation)), COMMAND_TIMEOUT_MS);
  });
  work.catch(() => {}); // a command that fails after its timeout is already counted
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * What one user of the shared Redis does while it is away, said in the app's one warning: `field` is logged as
 * `<field>: "redis"` so each user's lines can be found, `down` and `up` are its part of the two messages.
 */
export interface RedisUser {
  field: string;
  down: string;
  up: string;
}

export interface RedisOutageLog {
  logger: Logger;
  secrets: readonly string[];
  /** The connection's name in CLIENT LIST, logged so an operator can tell instances apart. */
  connectionName: string;
  users: readonly RedisUser[];
  lastConnectionError: () => unknown;
}

/**
 * The breaker in front of the shared Redis (issue 14): a failed or timed-out command trips it; while it is open
 * commands skip Redis at once; after PROBE_AFTER_MS one command probes, the rest still skip. One warning when it
 * trips and one info line when it closes, for the whole app, however long the outage and however many probes fail.
 */
export function redisBreaker(log: RedisOutageLog): CircuitBreakerPolicy {
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: PROBE_AFTER_MS, breaker: new ConsecutiveBreaker(1) });
  const fields = () => Object.fromEntries(log.users.map((user) => [user.field, 'redis']));
  let down = false;
  breaker.onBreak((reason) => {
    if (down) return;
    down = true;
    const error = 'error' in reason ? reason.error : null;
    const said = [error, log.lastConnectionError()].filter(Boolean).map((e) => (e instanceof Error ? e.message : String(e)));
    const message = `Redis unavailable: ${log.users.map((user) => user.down).join('; ')}`;
    log.logger.warn({ redis: log.connectionName, ...fields(), err: { message: scrub(said.join('; '), log.secrets) } }, message);
  });
  breaker.onReset(() => {
    down = false;
    log.logger.info({ redis: log.connectionName, ...fields() }, `Redis available again: ${log.users.map((user) => user.up).join('; ')}`);
  });
  return breaker;
}

export function breakerState(breaker: CircuitBreakerPolicy): BreakerState {
  return breaker.state === CircuitState.Closed ? 'closed' : breaker.state === CircuitState.HalfOpen ? 'half-open' : 'open';
}
