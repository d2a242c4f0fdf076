import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, preview } from 'vite';

export const PORTAL_DIR = 'examples/billing-portal';
const CHROMIUM = '/usr/bin/chromium';

export interface Portal {
  /** e.g. http://127.0.0.1:4173/ */
  url: string;
  close(): Promise<void>;
}

/** A loopback port free now, so billgraph can list the portal's origin before the portal listens on it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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

/** Debian's Chromium, headless and offline-friendly (never a downloaded browser). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
