import { createHmac } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface HttpExtensions {
  headers?: Record<string, string>;
}

/** The validators a client sent (`"a", W/"b"`), weak or strong alike; `*` is not honoured (a 200 is always right). */
const validators = (header: string | undefined): string[] =>
  (header ?? '')
    .split(',')
    .map((value) => value.trim().replace(/^W\//, ''))
    .filter((value) => value.startsWith('"'));

/**
 * An ETag no one can compute offline and no one else can use: an HMAC under the server's secret of the cache key
 * (which names the verified principal, src/server/use-principal-response-cache.ts) and of the answer's data, so an
 * answer that changed after an eviction gets a new ETag even under the same key.
 */
export function entityTag(secret: Buffer, cacheKey: string, data: unknown): string {
  return `"${createHmac('sha256', secret)
    .update(cacheKey)
    .update('\n')
    .update(JSON.stringify(data ?? null))
    .digest('base64url')}"`;
}

/**
 * Conditional requests bound to the verified principal (docs/ARCHITECTURE.md section 11). The response-cache
 * plugin answers `If-None-Match` in onRequest, before any token is verified, with 304 for whoever presents a cached
 * key; so the header is taken off the request here (this plugin runs first) and honoured only at the end: 304 when
 * this request's own answer, computed or cached under its own principal's key, carries that very ETag. A caller
 * without a valid token gets its 401, another principal its own 200.
 */
export function useConditionalRequests({ secret }: { secret: Buffer }): Plugin {
  const conditions = new WeakMap<Request, string>();
  return {
    onRequest({ request }) {
      const header = request.headers.get('if-none-match');
      if (header === null) return;
      conditions.set(request, header);
      request.headers.delete('if-none-match');
    },
    onResultProcess({ request, result, setResult, resultProcessor, setResultProcessor }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const single = result as ExecutionResult<unknown, { http?: HttpExtensions }>;
      const http = single.extensions?.http;
      // The plugin puts its cache key in ETag on answers it stores or serves: only those get a (rewritten) ETag.
      const cacheKey = http?.headers?.ETag;
      if (typeof cacheKey !== 'string' || !http?.headers) return;
      const etag = entityTag(secret, cacheKey, single.data);
      setResult({ ...single, extensions: { ...single.extensions, http: { ...http, headers: { ...http.headers, ETag: etag } } } });
      if (!resultProcessor || !validators(conditions.get(request)).includes(etag)) return;
      const lastModified = http.headers['Last-Modified'];
      setResultProcessor(
        (_result, fetchAPI) =>
          new fetchAPI.Response(null, { status: 304, headers: { ETag: etag, ...(lastModified ? { 'Last-Modified': lastModified } : {}) } }),
        'application/json',
      );
    },
  };
}
