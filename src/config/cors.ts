import { type Env, integer, text } from './env.js';
import { ConfigError } from './errors.js';

/**
 * Which web origins may read billgraph's answers from a browser (README "Frontend"). Only these get CORS
 * headers, credentials included; every other origin gets none, so its page cannot read a response.
 */
export interface CorsSettings {
  /** Exact origins (`https://app.example.com`) and patterns (`https://*.example.com`, `http://localhost:*`). */
  origins: string[];
  /** How long a browser may cache a preflight (Access-Control-Max-Age), in seconds. */
  maxAgeSeconds: number;
}

/** Development's friendly default: any port on this machine, so a local dev server works unconfigured. */
export const DEVELOPMENT_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

// scheme://host[:port] with no path; `*.` may start the host (one or more labels) and `:*` stand for any port.
const ORIGIN = /^https?:\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(:(\d{1,5}|\*))?$/;

export function corsSettings(env: Env): CorsSettings {
  const raw = text(env, 'BILLGRAPH_CORS_ORIGINS');
  // Production reflects nothing unless told: a browser page elsewhere must not read an open billgraph.
  const fallback = env.NODE_ENV === 'production' ? [] : DEVELOPMENT_ORIGINS;
  const origins =
    raw === null
      ? fallback
      : raw.toLowerCase() === 'none'
        ? []
        : raw
            .split(',')
            .map((origin) => origin.trim().toLowerCase())
            .filter(Boolean);
  for (const origin of origins) {
    if (!ORIGIN.test(origin)) {
      throw new ConfigError(
        'BILLGRAPH_CORS_ORIGINS',
        'a comma list of origins (https://app.example.com, https://*.example.com, http://localhost:*) or none',
        origin,
      );
    }
  }
  return { origins, maxAgeSeconds: integer(env, 'BILLGRAPH_CORS_MAX_AGE_S', 600, 0, 86_400) };
}
