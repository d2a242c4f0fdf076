import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { CF_DEFAULT_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { FP_DEFAULT_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';

/**
 * billgraph as a real process (src/main.ts through tsx, or dist/main.js), every upstream pointed at a sandbox
 * the test runs: what the lifecycle, tracing and multi-instance tests signal, probe and load-balance.
 */
export interface BillgraphProcess {
  child: ChildProcess;
  port: number;
  /** e.g. http://127.0.0.1:40555 */
  origin: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM (if still running) and waits for the exit code. */
  stop(): Promise<number | null>;
}

export const ROOT = join(import.meta.dirname, '../..');

/** The environment that points every upstream at the sandbox at `sandboxUrl`, with its published keys. */
export function sandboxEnv(sandboxUrl: string): Record<string, string> {
  return {
    CLOUDFLARE_BASE_URL: `${sandboxUrl}/cloudflare/client/v4`,
    CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
    CLOUDFLARE_ACCOUNT_ID: CF_DEFAULT_ACCOUNT,
    STRIPE_BASE_URL: `${sandboxUrl}/stripe`,
    STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.stripe.secretKey,
    STRIPE_CUSTOMER_ID: STRIPE_DEFAULT_CUSTOMER,
    FLEXPRICE_BASE_URL: `${sandboxUrl}/flexprice/v1`,
    FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
    FLEXPRICE_CUSTOMER_ID: FP_DEFAULT_CUSTOMER,
  };
}

/** billgraph's process, started but maybe not (or never) listening: its output is kept as it arrives. */
export type SpawnedBillgraph = Omit<BillgraphProcess, 'port' | 'origin'>;

/**
 * Spawns billgraph with exactly `env`, so nothing leaks in from the machine running the tests. `exited` waits
 * for the output to close too, so stderr() holds all of it.
 */
export function spawnBillgraph(env: NodeJS.ProcessEnv, entry: 'tsx' | 'dist' = 'tsx'): SpawnedBillgraph {
  const args = entry === 'dist' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const exited = once(child, 'close').then(([code]) => code as number | null);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Starts billgraph with `env` on top of a clean environment; resolves once it listens. */
export async function startBillgraph(
  env: Record<string, string>,
  options: { entry?: 'tsx' | 'dist'; startTimeoutMs?: number } = {},
): Promise<BillgraphProcess> {
  const billgraph = spawnBillgraph(
    { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    options.entry,
  );
  const { child, stdout, stderr, exited } = billgraph;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`billgraph did not start; stdout: ${stdout()} stderr: ${stderr()}`)),
      options.startTimeoutMs ?? 60_000,
    );
    const onData = () => {
      const match = /listening: .*?:(\d+)\/graphql/.exec(stdout());
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`billgraph exited ${code} while starting: ${stderr()}`));
    });
  });
  return { ...billgraph, port, origin: `http://127.0.0.1:${port}` };
}
