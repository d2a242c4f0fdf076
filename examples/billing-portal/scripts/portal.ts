// `npm run portal`: billgraph (on its built-in sandbox when no upstream is configured, as `npm start` does) with
// the portal's trusted documents loaded, and the portal's Vite dev server, whose pages call billgraph directly
// (CORS: in development billgraph allows this machine's origins). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const manifest = fileURLToPath(new URL('../src/gql/persisted-documents.json', import.meta.url));

const billgraph = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: repo,
  env: { PORT: '4000', BILLGRAPH_TRUSTED_DOCUMENTS: manifest, ...process.env },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = (code: number) => {
  billgraph.kill('SIGTERM');
  process.exit(code);
};
billgraph.on('exit', (code) => {
  console.error(`billgraph exited (${code ?? 'signal'})`);
  process.exit(code || 1);
});
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// billgraph prints "billgraph listening: GraphiQL at http://127.0.0.1:4000/graphql" once it listens.
const url = await new Promise<string>((resolve) => {
  let seen = '';
  billgraph.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    seen += chunk.toString();
    const match = seen.match(/listening: .*?(https?:\/\/\S+)\/graphql/);
    if (match?.[1]) resolve(match[1]);
  });
});

process.env.VITE_BILLGRAPH_URL = `${url}/graphql`;
const vite = await createServer({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)) });
await vite.listen();
vite.printUrls();
console.log(
  `billing portal: open ${vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/'} (GraphQL at ${url}/graphql, trusted documents)`,
);
