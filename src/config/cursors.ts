import { type Env, text } from './env.js';
import { ConfigError } from './errors.js';

/**
 * Signs cursors where nothing is configured (the sandbox, development). It is published here, so anyone can
 * forge a cursor billgraph accepts with it: production refuses to start on it (docs/ARCHITECTURE.md section 5).
 */
export const DEVELOPMENT_CURSOR_SECRET = 'billgraph-development-cursor-secret: published, never for production';

export interface CursorSettings {
  /** The HMAC key that makes cursors tamper-evident; the same on every instance, so a cursor works on any of them. */
  secret: string;
}

/** BILLGRAPH_CURSOR_SECRET: required with NODE_ENV=production, at least 32 bytes. */
export function cursorSettings(env: Env): CursorSettings {
  const secret = text(env, 'BILLGRAPH_CURSOR_SECRET');
  if (secret === null) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError(
        'BILLGRAPH_CURSOR_SECRET',
        'a secret of at least 32 bytes that signs pagination cursors, the same on every instance (required with NODE_ENV=production)',
        '',
      );
    }
    return { secret: DEVELOPMENT_CURSOR_SECRET };
  }
  if (Buffer.byteLength(secret) < 32) throw new ConfigError('BILLGRAPH_CURSOR_SECRET', 'at least 32 bytes', '<too short>');
  return { secret };
}
