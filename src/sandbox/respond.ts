import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyLossless } from '../http/lossless-json.js';
import type { SandboxDialect, SandboxRequest } from './dialect.js';
import type { Fault } from './faults.js';
import { send, stallBody } from './http-io.js';

/** One upstream request answered by its dialect, or by the fault planned for it (reset, latency, status, ...). */

function faultMessage(status: number): string {
  if (status === 401) return 'Authentication error';
  if (status === 403) return 'Forbidden: the credentials lack permission for this resource';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Rate limited: too many requests';
  return 'Internal server error';
}

/** An error status in the dialect's own envelope, with the fault's Retry-After and extra headers. */
function sendFaultStatus(res: ServerResponse, dialect: SandboxDialect, fault: Fault): void {
  const status = fault.status ?? 500;
  const answer = dialect.error(status, fault.message ?? faultMessage(status));
  const extra = Object.fromEntries(Object.entries(fault.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const headers = {
    ...answer.headers,
    ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
    ...extra,
  };
  send(res, status, { 'content-type': 'application/json', ...headers }, stringifyLossless(answer.json));
}

export async function respond(
  dialect: SandboxDialect,
  fault: Fault | null | undefined,
  request: SandboxRequest,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1_000));
  if (fault?.kind === 'malformed') return send(res, 200, { 'content-type': 'application/json' }, '{"result": {"id": "in_');
  if (fault?.kind === 'status') return sendFaultStatus(res, dialect, fault);

  const answer = await dialect.handle(request);
  const json = fault?.kind === 'contract' && answer.status < 300 ? dialect.breakContract(answer.json) : answer.json;
  const headers = { 'content-type': 'application/json', ...answer.headers };
  if (fault?.kind === 'stall-body') return stallBody(res, answer.status, headers, stringifyLossless(json), fault.latencyMs ?? 1_000);
  return send(res, answer.status, headers, stringifyLossless(json));
}
