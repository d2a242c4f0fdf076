import type { Plugin } from 'graphql-yoga';
import type { RequestState, RequestStates } from './request-state.js';

/**
 * Content types a browser may send cross-site without a CORS preflight: a CSRF vector. They carry GraphQL
 * only with the preflight header below.
 */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
/** What a GraphQL POST may carry besides the simple types; anything else (text/plain too) gets a 415. */
const POST_CONTENT_TYPES = new Set(['application/json', 'application/graphql', 'application/graphql-response+json']);
/** A caller that really means a form POST proves it is not a cross-site form with this header. */
export const PREFLIGHT_HEADER = 'x-billgraph-csrf';

export interface HttpGuardOptions {
  /** The largest Content-Length a POST may declare. */
  maxBodyBytes: number;
  states: RequestStates;
}

/** A well-formed GraphQL error response for requests refused before GraphQL sees them. */
function refuse(state: RequestState, status: number, message: string): Response {
  state.errorCodes.push('BAD_USER_INPUT');
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': state.requestId },
  });
}

const isJsonObjectOrNull = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
};

/** Yoga would throw a raw SyntaxError (a 500) on a GET whose variables/extensions are not JSON. */
function checkGet(url: URL): string | null {
  for (const name of ['variables', 'extensions']) {
    const raw = url.searchParams.get(name);
    if (raw !== null && !isJsonObjectOrNull(raw)) return `the \`${name}\` parameter must be a JSON object`;
  }
  return null;
}

/** The status and message refusing a POST, or null: body size cap, no streamed body, no simple cross-site POST. */
function checkPost(headers: Headers, maxBodyBytes: number): [number, string] | null {
  const length = headers.get('content-length');
  if (length === null) {
    if (headers.get('transfer-encoding') !== null) return [411, 'send a Content-Length; streamed request bodies are not accepted'];
  } else if (!/^\d{1,12}$/.test(length) || Number(length) > maxBodyBytes) {
    return [413, `request bodies are limited to ${maxBodyBytes} bytes`];
  }
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (SIMPLE_CONTENT_TYPES.has(type) && !headers.get(PREFLIGHT_HEADER)) {
    return [
      415,
      `send Content-Type: application/json (a ${type} POST needs the ${PREFLIGHT_HEADER} header, against cross-site request forgery)`,
    ];
  }
  if (!SIMPLE_CONTENT_TYPES.has(type) && !POST_CONTENT_TYPES.has(type)) return [415, 'send Content-Type: application/json'];
  return null;
}

/** HTTP-level guards on the GraphQL endpoint, before Yoga reads a body: size, streaming, CSRF, content type. */
export function useHttpGuards({ maxBodyBytes, states }: HttpGuardOptions): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/graphql') return;
      if (request.method === 'GET') {
        const problem = checkGet(url);
        if (problem) endResponse(refuse(states.of(request), 400, problem));
        return;
      }
      if (request.method !== 'POST') return;
      const refusal = checkPost(request.headers, maxBodyBytes);
      if (refusal) endResponse(refuse(states.of(request), ...refusal));
    },
  };
}
