import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';
import { DEVELOPMENT_CURSOR_SECRET, type Config } from '../config.js';

export type { Logger } from 'pino';

/**
 * Field paths pino blanks wherever they appear in a log object: credentials by every name we or the
 * upstreams use. Request logs never carry headers at all; this is the second line of defence.
 */
export const REDACT_PATHS = [
  'authorization',
  'cookie',
  'token',
  'jwt',
  'secret',
  'apiKey',
  'password',
  'credentials',
  'headers',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.jwt',
  '*.secret',
  '*.apiKey',
  '*.password',
  '*.credentials',
  '*.headers',
  '*["x-api-key"]',
  '*["x-auth-key"]',
];

/** Strings that look like credentials in free text (error messages, upstream paths). */
const SECRET_PATTERNS = [
  /eyJ[\w-]*\.[\w-]+\.[\w-]*/g, // JWT / JWS compact form
  /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+/g, // Stripe keys
  /\b(Bearer|Basic)\s+\S+/gi,
  /\/\/[^\s/:@]*:[^\s/@]+@/g, // credentials in a URL (postgres://user:password@host)
  /\b(password|passwd|pwd|secret|token|api[_-]?key|x-api-key|x-auth-key)(\s*[=:]\s*|\s+is\s+)("[^"]*"|'[^']*'|\S+)/gi, // key=value
];

/** Every credential this deployment holds, so a message that echoes one is scrubbed before it is logged. */
export function configuredSecrets(config: Config): string[] {
  const secrets = [
    config.cloudflare.auth?.kind === 'token' ? config.cloudflare.auth.token : null,
    config.cloudflare.auth?.kind === 'key' ? config.cloudflare.auth.key : null,
    config.stripe.secretKey,
    config.flexprice.apiKey,
    config.auth.jwt?.secret ?? null,
    // The development default is published; a configured one is a secret.
    config.cursors.secret === DEVELOPMENT_CURSOR_SECRET ? null : config.cursors.secret,
    redisPassword(config.responseCache.redisUrl),
    ...config.webhooks.stripeSecrets,
    ...config.webhooks.flexpriceSecrets,
  ];
  return secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
}

function redisPassword(url: string | null): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}

/** Returns `text` with credential-looking parts and the known secrets replaced by [redacted]. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

export interface LoggerOptions {
  level: Config['logLevel'];
  /** Where lines go (default stdout); tests pass a stream to capture them. */
  destination?: DestinationStream;
}

/** The structured JSON logger: one line per request, errors with their request id (src/app.ts). */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'billgraph' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: traceFields,
    },
    destination,
  );
}

/** A line logged inside a traced operation names its trace and span (nothing when tracing is off). */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
