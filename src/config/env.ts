import { ConfigError } from './errors.js';

/** The process environment, or any stand-in for it (tests pass plain objects). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A trimmed value; empty counts as unset. */
export function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return Number(raw);
}

/** One of `allowed`, case-insensitively. */
export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = raw.toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return value as T;
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, 'true or false', raw);
}

/** An http(s) URL without a trailing slash; credentials in it are refused (they would end up in logs). */
export function url(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    if (parsed.username || parsed.password) throw new Error('credentials in URL');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, 'an http(s) URL without credentials', raw);
  }
}
