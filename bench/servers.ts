/**
 * The servers a benchmark runs, each leading its own process group (so /proc can total its CPU): the sandbox
 * upstreams, billgraph on the production path (`NODE_ENV=production sh scripts/start.sh main`: compiled dist/,
 * built first when stale) and, when bench/mesh is installed, Hive Gateway serving a Mesh supergraph.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { CF_DEFAULT_ACCOUNT } from '../src/sandbox/cloudflare/data.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MESH_DIR = join(ROOT, 'bench', 'mesh');
const running: ChildProcess[] = [];

export interface Server {
  pgid: number;
  url: string;
}

/** Spawns a command as a process-group leader; resolves once its output matches `ready`. */
export function startServer(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; ready: RegExp; timeoutMs?: number },
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), options.timeoutMs ?? 180_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (options.ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output}`)));
  });
}

/** Stops every server started here: SIGTERM to each group (a forked gateway's workers too). */
export function stopServers(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export async function startSandbox(port: number): Promise<Server> {
  const child = await startServer('sandbox', process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts'], {
    env: { SANDBOX_PORT: String(port) },
    ready: /sandbox upstreams at/,
  });
  return { pgid: child.pid!, url: `http://127.0.0.1:${port}` };
}

/**
 * How a bench starts billgraph: as operators do (`sh scripts/start.sh main`: node exec'd on dist/ with the production
 * heap bound, no launcher process), or, to give node flags of its own (--cpu-prof, a heap bound), node on
 * scripts/start.mjs, which runs dist/ in that process.
 */
export function billgraphCommand(nodeFlags: readonly string[]): [command: string, args: string[]] {
  return nodeFlags.length === 0 ? ['sh', ['scripts/start.sh', 'main']] : [process.execPath, [...nodeFlags, 'scripts/start.mjs', 'main']];
}

/** billgraph on the production path, all three upstreams pointed at the sandbox. */
export async function startBillgraph(
  port: number,
  sandboxUrl: string,
  extraEnv: Record<string, string> = {},
  nodeFlags: string[] = [], // e.g. --cpu-prof, which NODE_OPTIONS refuses
): Promise<Server> {
  const [command, args] = billgraphCommand(nodeFlags);
  const child = await startServer('billgraph', command, args, {
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      // These scenarios measure billgraph's own cost; the budgets (bench/budgets.ts measures them) would refuse
      // most of this load from one address, and the sandbox is no rate-limited upstream.
      BILLGRAPH_PRINCIPAL_BURST: '1000000',
      BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
      BILLGRAPH_PRINCIPAL_IN_FLIGHT: '10000',
      BILLGRAPH_CLOUDFLARE_RATE: 'off',
      BILLGRAPH_STRIPE_RATE: 'off',
      BILLGRAPH_GRAPHIQL: 'false',
      // Production requires one (src/config/cursors.ts); any 32 bytes will do for a bench.
      BILLGRAPH_CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef',
      CLOUDFLARE_BASE_URL: `${sandboxUrl}/cloudflare/client/v4`,
      CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
      CLOUDFLARE_ACCOUNT_ID: CF_DEFAULT_ACCOUNT,
      STRIPE_BASE_URL: `${sandboxUrl}/stripe`,
      STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.stripe.secretKey,
      STRIPE_CUSTOMER_ID: 'cus_SbxAcmeUsd001',
      FLEXPRICE_CUSTOMER_ID: 'cust_acme_usd',
      FLEXPRICE_BASE_URL: `${sandboxUrl}/flexprice/v1`,
      FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
      ...extraEnv,
    },
    ready: /billgraph listening/,
  });
  return { pgid: child.pid!, url: `http://127.0.0.1:${port}/graphql` };
}

export const meshInstalled = () => existsSync(join(MESH_DIR, 'node_modules', '.bin', 'hive-gateway'));

/** Composes a Mesh supergraph for one upstream (bench/mesh/mesh.config.ts) and serves it with Hive Gateway, one fork. */
export async function startMesh(source: 'cloudflare' | 'flexprice', port: number, sandboxUrl: string): Promise<Server> {
  const supergraph = join(ROOT, 'bench', '.tmp', `mesh-${source}.graphql`);
  mkdirSync(dirname(supergraph), { recursive: true });
  execFileSync(join(MESH_DIR, 'node_modules', '.bin', 'mesh-compose'), ['-o', supergraph], {
    cwd: MESH_DIR,
    env: {
      ...process.env,
      MESH_SOURCE: source,
      CLOUDFLARE_ENDPOINT: `${sandboxUrl}/cloudflare/client/v4`,
      CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
      FLEXPRICE_ENDPOINT: `${sandboxUrl}/flexprice/v1`,
      FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const child = await startServer(
    `hive-gateway (${source})`,
    join(MESH_DIR, 'node_modules', '.bin', 'hive-gateway'),
    ['supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port), '--fork', '1'],
    { cwd: MESH_DIR, env: { NODE_ENV: 'production' }, ready: /Listening on/ },
  );
  return { pgid: child.pid!, url: `http://127.0.0.1:${port}/graphql` };
}
