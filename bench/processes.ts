/**
 * The processes a failure benchmark runs (bench/failure.ts): the sandbox as a separate upstream process,
 * billgraph pointed at it as at real upstreams, and a redis-server of its own; plus reading billgraph's
 * /metrics. Nothing here measures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { CF_DEFAULT_ACCOUNT } from '../src/sandbox/cloudflare/data.js';
import { billgraphCommand } from './servers.js';

// BENCH_SANDBOX_PORT moves it when another bench on the machine holds 4520.
export const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 4520);
export const sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;

function startProcess(
  name: string,
  [command, args]: [string, string[]],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}`)); // ignored once started
    });
  });
}

export const startSandboxProcess = () =>
  startProcess(
    'sandbox',
    [process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts']],
    { SANDBOX_PORT: String(SANDBOX_PORT) },
    /sandbox upstreams at/,
  );

export interface Billgraph {
  url: string;
  process: ChildProcess;
  /** Sums every series of a metric on billgraph's /metrics (e.g. all upstream attempts). */
  metric(name: string): Promise<number>;
}

/**
 * billgraph on `port` (metrics on port + 100) in front of the sandbox process, on the production path operators run
 * (`NODE_ENV=production sh scripts/start.sh main`: compiled dist/, built first when missing or stale).
 */
export async function startBillgraph(
  port: number,
  env: Record<string, string> = {},
  // Node/V8 flags for billgraph only, never the load generator (NODE_OPTIONS would reach both).
  flags = (process.env.BENCH_BILLGRAPH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
): Promise<Billgraph> {
  const child = await startProcess(
    'billgraph',
    billgraphCommand(flags),
    {
      NODE_ENV: 'production',
      // Production requires one (src/config/cursors.ts); any 32 bytes will do for a bench.
      BILLGRAPH_CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef',
      PORT: String(port),
      BILLGRAPH_METRICS_PORT: String(port + 100),
      LOG_LEVEL: 'silent',
      BILLGRAPH_GRAPHIQL: 'false',
      CLOUDFLARE_BASE_URL: `${sandboxUrl}/cloudflare/client/v4`,
      CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
      CLOUDFLARE_ACCOUNT_ID: CF_DEFAULT_ACCOUNT,
      STRIPE_BASE_URL: `${sandboxUrl}/stripe`,
      STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.stripe.secretKey,
      STRIPE_CUSTOMER_ID: 'cus_SbxAcmeUsd001',
      FLEXPRICE_CUSTOMER_ID: 'cust_acme_usd',
      FLEXPRICE_BASE_URL: `${sandboxUrl}/flexprice/v1`,
      FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
      // These benchmarks measure failure handling, not budgets: one bench client must not be refused 429
      // by its own principal budget, nor wait on the Stripe test-mode budget (25/s) or Cloudflare's (1,200 in 5 min).
      BILLGRAPH_PRINCIPAL_BURST: '1000000',
      BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
      BILLGRAPH_STRIPE_RATE: 'off',
      BILLGRAPH_CLOUDFLARE_RATE: 'off',
      ...env,
    },
    /billgraph listening/,
  );
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    process: child,
    async metric(name) {
      const text = await (await fetch(`http://127.0.0.1:${port + 100}/metrics`)).text();
      const pattern = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm');
      return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
    },
  };
}

export function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Samples billgraph every 0.5 s until `stop()`: the event-loop p99 of each window (every scrape of it starts a new
 * window, "since the previous scrape") and the peak RSS. A scrape lost under load is skipped: the next one counts.
 */
export async function sampleLoopAndRss(billgraph: Billgraph): Promise<{ stop(): { loopWindows: number[]; rssPeak: number } }> {
  await billgraph.metric('nodejs_eventloop_delay_p99_seconds'); // starts the first window
  const loopWindows: number[] = [];
  let rssPeak = 0;
  const sampler = setInterval(() => {
    billgraph
      .metric('nodejs_eventloop_delay_p99_seconds')
      .then((p99) => loopWindows.push(p99))
      .then(() => billgraph.metric('process_resident_memory_bytes'))
      .then((rss) => (rssPeak = Math.max(rssPeak, rss)))
      .catch(() => {});
  }, 500);
  return {
    stop() {
      clearInterval(sampler);
      return { loopWindows, rssPeak };
    },
  };
}
