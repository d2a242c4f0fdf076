import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The portal talks to billgraph on billgraph's own origin (VITE_BILLGRAPH_URL, read by src/client.ts), through
 * CORS: billgraph lists the portal's origin in BILLGRAPH_CORS_ORIGINS (in development it allows this machine's
 * origins unconfigured), so no proxy stands between them.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Vite's own (Oxc) JSX transform with React's automatic runtime: no @vitejs/plugin-react, no Babel.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { outDir: 'dist', emptyOutDir: true },
  clearScreen: false,
});
