import { createCloudflareDialect } from './cloudflare/dialect.js';
import type { SandboxDialect } from './dialect.js';

/** Every dialect the sandbox speaks. */
export function createDialects(): SandboxDialect[] {
  return [createCloudflareDialect()];
}
