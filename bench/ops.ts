/**
 * `npm run bench:ops`: the operations numbers of issue 15, written into bench/RESULTS.md between the
 * `ops` markers. The production build (dist/, `npm run build` first) against a sandbox in this process:
 *   - idle RSS, and RSS under 100 connections (autocannon, upcomingInvoice on Stripe);
 *   - three instances behind Debian's HAProxy (deploy/haproxy.cfg) and the real Redis, rolled one at a time
 *     under 20 unpaced clients: requests failed during the rolling restart.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { startSandbox } from '../src/sandbox/server.js';
import { ROOT, sandboxEnv, startBillgraph, type BillgraphProcess } from '../test/helpers/process.js';

const QUERY = JSON.stringify({
  query: '{ upcomingInvoice { id amountDue { amount currency } lines(first: 10) { nodes { description } } } }',
});
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

if (!existsSync(`${ROOT}/dist/main.js`)) throw new Error('run `npm run build` first: this measures the production build');
const sandbox = await startSandbox();
const env = (port: number) => ({
  ...sandboxEnv(sandbox.url),
  NODE_ENV: 'production',
  PORT: String(port),
  LOG_LEVEL: 'warn',
  BILLGRAPH_PROVIDER: 'stripe',
  BILLGRAPH_DRAIN_DELAY_MS: '2000',
  BILLGRAPH_RESPONSE_CACHE_TTL_MS: '0',
});

// 1. Memory of one production instance.
const one = await startBillgraph(env(await freePort()), { entry: 'dist' });
await sleep(3_000);
const idleRss = rssMb(one.child.pid!);
let peakRss = idleRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(one.child.pid!))), 200);
const loaded = await autocannon({
  url: `${one.origin}/graphql`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: QUERY,
  connections: 100,
  duration: 10,
});
clearInterval(sampler);
const endRss = rssMb(one.child.pid!);
await one.stop();

// 2. Rolling restart of three instances behind HAProxy, under load.
const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
const withRedis = (port: number) => ({
  ...env(port),
  BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://127.0.0.1:6379/0',
  BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1',
});
const instances: BillgraphProcess[] = await Promise.all(
  ports.slice(0, 3).map((port) => startBillgraph(withRedis(port), { entry: 'dist' })),
);
const haproxy = spawn('/usr/sbin/haproxy', ['-f', `${ROOT}/deploy/haproxy.cfg`, '-db'], {
  env: {
    PATH: process.env.PATH ?? '',
    BILLGRAPH_LB_BIND: `127.0.0.1:${ports[3]}`,
    BILLGRAPH_1: `127.0.0.1:${ports[0]}`,
    BILLGRAPH_2: `127.0.0.1:${ports[1]}`,
    BILLGRAPH_3: `127.0.0.1:${ports[2]}`,
  },
  stdio: 'ignore',
});
await sleep(3_000);
let stop = false;
let ok = 0;
const failures: string[] = [];
const client = async () => {
  while (!stop) {
    try {
      const response = await fetch(`http://127.0.0.1:${ports[3]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: QUERY,
      });
      const text = await response.text();
      if (response.status === 200 && !text.includes('"errors"')) ok += 1;
      else failures.push(`status ${response.status}: ${text.slice(0, 120)}`);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
};
const started = Date.now();
const load = Promise.all(Array.from({ length: 20 }, client));
for (let i = 0; i < 3; i += 1) {
  await sleep(1_000);
  await instances[i]!.stop();
  instances[i] = await startBillgraph(withRedis(ports[i]!), { entry: 'dist' });
  await sleep(1_500); // HAProxy's rise 2 at 500 ms
}
await sleep(1_000);
stop = true;
await load;
const rollSeconds = (Date.now() - started) / 1000;
haproxy.kill('SIGTERM');
await Promise.all(instances.map((instance) => instance.stop()));
await sandbox.close();

const section = `<!-- ops:start -->
## Operations: memory of the production build, and a rolling restart (issue 15)

Command: \`npm run build && node --import tsx bench/ops.ts\`; recorded ${new Date().toISOString()} on ${cpus().length} cores
(${cpus()[0]?.model.trim()}), Node ${process.version}. **The machine was shared with other agents' test runs while
this ran** (load average ~20 on 2 cores), and the sandbox shares the load generator's process here: the
throughput row is not comparable with the tables above; the memory and failure counts are.

| measure | value |
|---|---|
| idle RSS, \`node dist/main.js\` (NODE_ENV=production), 3 s after start | ${idleRss.toFixed(0)} MB |
| RSS under 100 connections (upcomingInvoice, Stripe sandbox, 10 s): peak / at the end | ${peakRss.toFixed(0)} MB / ${endRss.toFixed(0)} MB |
| throughput at 100 connections (same run) | ${Math.round(loaded.requests.average)} req/s, p99 ${loaded.latency.p99} ms, ${loaded.errors + loaded.non2xx} errors |
| rolling restart of 3 instances behind HAProxy, 20 unpaced clients, ${rollSeconds.toFixed(0)} s | **${failures.length} failed** of ${ok + failures.length} requests |

The issue measured ~250 MB idle RSS when production ran TypeScript through a run-time loader; the target for
failed requests during a rolling restart is 0.
<!-- ops:end -->`;
const path = `${ROOT}/bench/RESULTS.md`;
const current = readFileSync(path, 'utf8');
const next = /<!-- ops:start -->[\s\S]*<!-- ops:end -->/.test(current)
  ? current.replace(/<!-- ops:start -->[\s\S]*<!-- ops:end -->/, section)
  : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(path, next);
console.log(section);
if (failures.length > 0) console.log('failures:', failures.slice(0, 10));
process.exit(0);
