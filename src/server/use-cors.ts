import type { Plugin } from 'graphql-yoga';
import { PASS_THROUGH_HEADERS } from '../auth/pass-through.js';
import { PREFLIGHT_HEADER } from './use-http-guards.js';

export interface CorsOptions {
  /** Exact origins and patterns (`https://*.example.com`, `http://localhost:*`), as src/config/cors.ts checked them. */
  origins: readonly string[];
  /** Access-Control-Max-Age of a preflight answer, in seconds. */
  maxAgeSeconds: number;
}

/**
 * What a listed origin's page may send: JSON and the CSRF header (a form POST must carry it, see
 * use-http-guards.ts), a JWT, the pass-through credential headers and a request id to correlate logs.
 */
export const CORS_REQUEST_HEADERS: readonly string[] = [
  'content-type',
  'accept',
  'authorization',
  'x-request-id',
  PREFLIGHT_HEADER,
  ...Object.values(PASS_THROUGH_HEADERS).flatMap((headers) => Object.keys(headers)),
];

const escape = (text: string) => text.replace(/[.[\]:]/g, (c) => `\\${c}`);

/** One pattern as a regular expression: `*.` before the host is one or more labels, `:*` any port. */
function patternOf(origin: string): RegExp {
  const anyPort = origin.endsWith(':*');
  const [scheme, host] = (anyPort ? origin.slice(0, -2) : origin).split('://') as [string, string];
  const hostPattern = host.startsWith('*.') ? `[a-z0-9-]+(\\.[a-z0-9-]+)*\\.${escape(host.slice(2))}` : escape(host);
  return new RegExp(`^${scheme}://${hostPattern}${anyPort ? '(:\\d{1,5})?' : ''}$`);
}

/** Whether a request's Origin is listed: exact strings compare as they are, patterns as patterns. */
export function originMatcher(origins: readonly string[]): (origin: string) => boolean {
  const exact = new Set(origins.filter((origin) => !origin.includes('*')));
  const patterns = origins.filter((origin) => origin.includes('*')).map(patternOf);
  return (origin) => exact.has(origin) || patterns.some((pattern) => pattern.test(origin));
}

/**
 * CORS with an allowlist, replacing Yoga's own (createYoga `cors: false`), which reflects any origin with
 * credentials. A listed origin gets itself back with credentials allowed; any other origin gets no CORS
 * header, so its page can neither read an answer nor pass a preflight. Preflights are answered here, cached
 * for `maxAgeSeconds`. CORS only stops reading: a cross-site form POST still arrives, and the CSRF rule in
 * use-http-guards.ts refuses it unless it carries the header only a listed origin may send.
 */
export function useCors({ origins, maxAgeSeconds }: CorsOptions): Plugin {
  const listed = originMatcher(origins);
  return {
    onRequest({ request, endResponse }) {
      if (request.method.toUpperCase() !== 'OPTIONS') return;
      // Safari waits for a body on a 204 without Content-Length.
      endResponse(new Response(null, { status: 204, headers: { 'content-length': '0' } }));
    },
    onResponse({ request, response }) {
      // Whatever the origin, a shared cache must not give one origin's answer (with or without CORS headers) to another.
      response.headers.append('vary', 'Origin');
      const origin = request.headers.get('origin');
      if (origin === null || !listed(origin)) return;
      response.headers.set('access-control-allow-origin', origin);
      response.headers.set('access-control-allow-credentials', 'true');
      if (request.method.toUpperCase() === 'OPTIONS') {
        response.headers.set('access-control-allow-methods', 'GET, POST');
        response.headers.set('access-control-allow-headers', CORS_REQUEST_HEADERS.join(', '));
        response.headers.set('access-control-max-age', String(maxAgeSeconds));
      } else {
        response.headers.set('access-control-expose-headers', 'x-request-id');
      }
    },
  };
}
