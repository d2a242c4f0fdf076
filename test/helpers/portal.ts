import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

export const PORTAL_DIR = 'examples/billing-portal';

export interface Portal {
  /** e.g. http://127.0.0.1:4173/ */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the example billing portal (production build into a temp dir) for billgraph at `billgraphUrl` and
 * serves it with `vite preview` on `port` (its origin is what billgraph's BILLGRAPH_CORS_ORIGINS must list):
 * what `npm run portal` does with the dev server, with the built files a deployment would serve.
 */
export async function startPortal(billgraphUrl: string, port: number, env: Record<string, string> = {}): Promise<Portal> {
  const outDir = mkdtempSync(join(tmpdir(), 'billing-portal-dist-'));
  const configFile = join(PORTAL_DIR, 'vite.config.ts');
  const saved = { ...process.env };
  try {
    // vitest runs with NODE_ENV=test; a portal is deployed as a production build. VITE_* flags are read at build time.
    Object.assign(process.env, { NODE_ENV: 'production', VITE_BILLGRAPH_URL: billgraphUrl }, env);
    await build({ configFile, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  const server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: true } });
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
