import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderName } from '../domain/invoice.js';
import { JsonNumber } from '../http/lossless-json.js';

/** One request as a dialect sees it: the path after the dialect's prefix, the raw body. */
export interface SandboxRequest {
  method: string;
  /** e.g. "/accounts/abc/ai-gateway/billing/invoice-preview" for the Cloudflare dialect */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised with stringifyLossless (JsonNumber values are written exactly). */
  json: unknown;
}

/**
 * One upstream's API dialect in the sandbox: routes, credential checks, its own error envelope.
 * Dialects are pure request -> response functions over their seeded data; the server adds faults,
 * counters and the HTTP plumbing.
 */
export interface SandboxDialect {
  readonly provider: ProviderName;
  /** Path prefix, e.g. "/cloudflare/client/v4". */
  readonly prefix: string;
  /** A short name for the route (used for request counters), or null when no route matches. */
  routeName(method: string, path: string): string | null;
  handle(request: SandboxRequest): SandboxResponse | Promise<SandboxResponse>;
  /** An error in this upstream's own envelope. */
  error(status: number, message: string): SandboxResponse;
  /** A copy of a successful body with one contract field broken (for the `contract` fault). */
  breakContract(json: unknown): unknown;
  /** `/__sandbox/<provider>/<action>` requests that change the seeded data (null: no such action). */
  control?(action: string, method: string, body: string): SandboxResponse | null;
  /** Back to the seeded data (`POST /__sandbox/reset`). */
  reset?(): void;
}

/**
 * A deep copy of a response body for `breakContract`. `structuredClone` would turn each JsonNumber into a
 * plain `{ text }` object and so break every number in the body, not just the one field the fault names.
 * JsonNumber is immutable, so the copy shares it.
 */
export function copyBody<T>(json: T): T {
  if (Array.isArray(json)) return json.map((item: unknown) => copyBody(item)) as T;
  if (json !== null && typeof json === 'object' && !(json instanceof JsonNumber)) {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(json)) copy[key] = copyBody(value);
    return copy as T;
  }
  return json;
}
