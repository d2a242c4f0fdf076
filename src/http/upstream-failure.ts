import { errors as undiciErrors } from 'undici';
import { BillingError, UpstreamUnavailableError } from '../domain/errors.js';

/** The call's overall deadline passed before an answer came: UPSTREAM_UNAVAILABLE. */
export function deadlineError(provider: string, totalMs: number): BillingError {
  return new UpstreamUnavailableError(`${provider} did not answer within ${totalMs} ms`, { provider });
}

/**
 * Every failure thrown while asking `provider` becomes one of our codes (docs/ARCHITECTURE.md section 8); the
 * message says what happened, not the raw error, which stays the cause.
 */
export function classifyFailure(provider: string, error: unknown, callerSignal: AbortSignal | undefined, totalMs: number): BillingError {
  if (error instanceof BillingError) return error;
  if (callerSignal?.aborted) {
    return new UpstreamUnavailableError(`the request to ${provider} was cancelled`, { provider }, { cause: error });
  }
  const name = (error as { name?: string } | null)?.name;
  const code = (error as { code?: string } | null)?.code;
  if (name === 'TimeoutError' || name === 'AbortError' || error instanceof undiciErrors.RequestAbortedError) {
    return deadlineError(provider, totalMs);
  }
  let what = 'the connection failed';
  if (error instanceof undiciErrors.ConnectTimeoutError) what = 'connecting timed out';
  else if (error instanceof undiciErrors.HeadersTimeoutError) what = 'it sent no response headers in time';
  else if (error instanceof undiciErrors.BodyTimeoutError) what = 'the response body stalled';
  else if (code === 'ECONNREFUSED') what = 'the connection was refused';
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || error instanceof undiciErrors.SocketError)
    what = 'the connection was reset';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') what = 'its host name did not resolve';
  return new UpstreamUnavailableError(`${provider} is unavailable: ${what}`, { provider }, { cause: error });
}
