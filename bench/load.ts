/**
 * One timed autocannon run against one server, with that server's CPU per answer and peak RSS read from
 * /proc for its process group (bench/procfs.ts), and the sandbox controls the runs need.
 */
import autocannon from 'autocannon';
import { groupCpuSeconds, groupRssMb } from './procfs.js';

export interface Load {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** The process group whose CPU and memory are charged to this run (null: not measured). */
  pgid: number | null;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  answers: number;
  errors: number;
  /** Gateway CPU (user + system) per 2xx answer, ms. */
  cpuMsPerAnswer: number;
  peakRssMb: number;
}

/** `afterWarmup` runs between the warm-up and the measured part (e.g. resetting the sandbox's counters). */
export async function runLoad(load: Load, warmupSeconds = 2, afterWarmup?: () => Promise<void>): Promise<LoadResult> {
  const options = { url: load.url, method: load.method, headers: load.headers, body: load.body, connections: load.connections };
  if (warmupSeconds > 0) await autocannon({ ...options, duration: warmupSeconds }); // JIT, keep-alive pools
  await afterWarmup?.();
  const pgid = load.pgid;
  const cpuBefore = pgid === null ? 0 : groupCpuSeconds(pgid);
  let peakRssMb = 0;
  const sampler = setInterval(() => {
    if (pgid !== null) peakRssMb = Math.max(peakRssMb, groupRssMb(pgid));
  }, 500);
  const result = await autocannon({ ...options, duration: load.seconds });
  clearInterval(sampler);
  const cpuSeconds = pgid === null ? NaN : groupCpuSeconds(pgid) - cpuBefore;
  const answers = result['2xx'];
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answers,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMsPerAnswer: answers > 0 ? (cpuSeconds * 1000) / answers : NaN,
    peakRssMb,
  };
}

export async function resetSandbox(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
}

/** Every upstream answer of `provider` after `ms` (a reset clears it). */
export async function setUpstreamLatency(sandboxUrl: string, provider: string, ms: number): Promise<void> {
  await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
  if (ms <= 0) return;
  await fetch(`${sandboxUrl}/__sandbox/faults`, {
    method: 'POST',
    body: JSON.stringify({ provider, kind: 'latency', latencyMs: ms, times: 1_000_000_000 }),
  });
}

export async function upstreamCalls(sandboxUrl: string): Promise<number> {
  const counters = (await (await fetch(`${sandboxUrl}/__sandbox/counters`)).json()) as Record<string, number>;
  return Object.values(counters).reduce((sum, n) => sum + n, 0);
}
