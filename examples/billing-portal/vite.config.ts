import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';

/**
 * billgraph's origin, e.g. http://127.0.0.1:4000 (`npm run portal` and the e2e test set it). The dev and preview
 * servers proxy /graphql there, so the browser only ever talks to the portal's own origin: no CORS needed.
 */
const billgraph = process.env.BILLGRAPH_URL ?? 'http://127.0.0.1:4000';
const proxy: Record<string, ProxyOptions> = { '/graphql': { target: billgraph, changeOrigin: true } };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Vite's own (Oxc) JSX transform with React's automatic runtime: no @vitejs/plugin-react, no Babel.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
  build: { outDir: 'dist', emptyOutDir: true },
  clearScreen: false,
});
