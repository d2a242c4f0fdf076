/** bench/RESULTS.md from one `npm run bench` run (bench/run.ts measures, this file only writes). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { LoadResult } from './load.js';
import type { Scenario } from './scenarios.js';
import type { VersusRow } from './versus.js';

export interface Measured {
  scenario: Scenario;
  connections: number;
  result: LoadResult;
  upstreamPerRequest: number | null;
}
export interface Precise {
  name: string;
  direct: { p50: number; p99: number };
  gateway: { p50: number; p99: number };
}
export interface Bound {
  name: string;
  direct: LoadResult;
  gateway: LoadResult;
}
export interface Report {
  duration: number;
  rounds: number;
  sequential: number;
  loadAtStart: string;
  loadAtEnd: string;
  results: Measured[];
  precise: Precise[];
  bounds: Bound[];
  memory: LoadResult;
  mesh: VersusRow[];
}

const ms = (value: number) => value.toFixed(3);
const cpu = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(2));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function scenarioRow(m: Measured): string {
  const r = m.result;
  const cpuCell = m.scenario.target === 'gateway' ? cpu(r.cpuMsPerAnswer) : '-';
  return `| ${m.scenario.name} | ${m.connections} | ${r.rps.toFixed(0)} | ${cpuCell} | ${r.p50} | ${r.p99} | ${r.answers} | ${r.errors} | ${m.upstreamPerRequest === null ? '-' : m.upstreamPerRequest.toFixed(2)} |`;
}

/** One line per query and upstream latency: means over the rounds, and the CPU ratio (the headline). */
function meshSummary(rows: VersusRow[]): string {
  const keys = [...new Set(rows.map((r) => `${r.pair}|${r.latencyMs}`))];
  return keys
    .map((key) => {
      const group = rows.filter((r) => `${r.pair}|${r.latencyMs}` === key);
      const [pair, latency] = key.split('|');
      const b = mean(group.map((r) => r.billgraph.cpuMsPerAnswer));
      const m = mean(group.map((r) => r.mesh.cpuMsPerAnswer));
      const bRps = mean(group.map((r) => r.billgraph.rps));
      const mRps = mean(group.map((r) => r.mesh.rps));
      const direct = group.find((r) => r.direct)?.direct?.rps;
      const pct = (rps: number) => (direct ? ` (${((100 * rps) / direct).toFixed(0)} % of ${direct.toFixed(0)})` : '');
      return `| ${pair} | ${latency} | ${bRps.toFixed(0)}${pct(bRps)} | ${mRps.toFixed(0)}${pct(mRps)} | ${cpu(b)} | ${cpu(m)} | **${(m / b).toFixed(2)}×** |`;
    })
    .join('\n');
}

function meshSection(report: Report): string {
  if (report.mesh.length === 0)
    return '## billgraph beside GraphQL Mesh + Hive Gateway\n\nNot run: bench/mesh is not installed (`cd bench/mesh && npm install`).\n';
  const perRound = report.mesh.map(
    (r) =>
      `| ${r.pair} | ${r.latencyMs} | ${r.round} | ${r.billgraph.rps.toFixed(0)} | ${r.mesh.rps.toFixed(0)} | ${cpu(r.billgraph.cpuMsPerAnswer)} | ${cpu(r.mesh.cpuMsPerAnswer)} | ${r.billgraph.errors + r.mesh.errors} |`,
  );
  return `## billgraph beside GraphQL Mesh + Hive Gateway (CPU per answer is the headline)

Hive Gateway 2.15.1 (\`--fork 1\`, NODE_ENV=production) serving a supergraph \`mesh-compose\` built from an OpenAPI
description of the same upstream (bench/mesh/mesh.config.ts: bench/mesh/cloudflare-openapi.json, written from
docs/UPSTREAMS.md section 1, and test/contracts/flexprice-openapi-3.0.json), both pointed at this run's sandbox,
the same fields selected on both sides (queries in bench/versus.ts), 10 connections, ${report.duration} s per
measurement after 3 s of warm-up, ${report.rounds} rounds with the order flipped each round. CPU = user + system time
of the gateway's whole process group (/proc) / 2xx answers. Ratio = Mesh CPU / billgraph CPU (target ≥ 3).

| query | upstream latency ms | billgraph req/s | Mesh req/s | billgraph CPU ms/answer | Mesh CPU ms/answer | CPU ratio |
|---|---|---|---|---|---|---|
${meshSummary(report.mesh)}

Per round:

| query | upstream ms | round | billgraph req/s | Mesh req/s | billgraph CPU ms | Mesh CPU ms | errors |
|---|---|---|---|---|---|---|---|
${perRound.join('\n')}
`;
}

const RESULTS = new URL('./RESULTS.md', import.meta.url);

/** Hand-recorded sections other benches own (bench/budgets.ts): carried over from the previous file. */
function keptSections(): string {
  const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const at = previous.indexOf('\n## Budgets (issue 10)');
  return at < 0 ? '' : previous.slice(at);
}

export function writeReport(report: Report): void {
  const added = report.precise.map(
    (p) =>
      `| ${p.name} | ${ms(p.direct.p50)} | ${ms(p.gateway.p50)} | **${ms(p.gateway.p50 - p.direct.p50)}** | ${ms(p.direct.p99)} | ${ms(p.gateway.p99)} | **${ms(p.gateway.p99 - p.direct.p99)}** |`,
  );
  const bounds = report.bounds.map(
    (b) =>
      `| ${b.name} | ${b.direct.rps.toFixed(0)} | ${b.gateway.rps.toFixed(0)} | **${((100 * b.gateway.rps) / b.direct.rps).toFixed(0)} %** | ${cpu(b.gateway.cpuMsPerAnswer)} |`,
  );
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const kept = keptSections();
  writeFileSync(
    RESULTS,
    `# Benchmark results

Command: \`npm run bench\` (BENCH_DURATION=${report.duration} s per measurement after a warm-up; autocannon 9).
Machine: ${machine}; recorded ${new Date().toISOString()}; load average (1/5/15 min) ${report.loadAtStart} at the start,
${report.loadAtEnd} at the end. On a shared machine absolute numbers move with its load: compare within one run.
Layout: the sandbox upstreams, billgraph on its production path (\`NODE_ENV=production sh scripts/start.sh main\`, as \`npm start\` runs it:
compiled dist/, logs silent) pointed at them over loopback, and autocannon, all on this machine. CPU ms/answer is
the gateway process group's user + system time (/proc) divided by 2xx answers.

| scenario | connections | req/s | gateway CPU ms/answer | p50 ms | p99 ms | answers | errors | upstream calls/op |
|---|---|---|---|---|---|---|---|---|
${report.results.map(scenarioRow).join('\n')}

${meshSection(report)}
## The latency bound: every upstream answer 20 ms late, 10 connections

The direct upstream GET's rate is the bound (10 connections / 20 ms ≈ 500 req/s); target ≥ 90 %.

| query | direct GET req/s | billgraph req/s | % of the bound | billgraph CPU ms/answer |
|---|---|---|---|---|
${bounds.join('\n')}

## Latency billgraph adds over the upstream, 1 connection

${report.sequential} sequential requests over one keep-alive connection each (after 200 warm-up requests), timed
with performance.now(): the same upstream read straight from the sandbox, then through billgraph. Target: added
p50 ≤ 1 ms, p99 ≤ 3 ms.

| scenario | upstream p50 ms | billgraph p50 ms | added p50 ms | upstream p99 ms | billgraph p99 ms | added p99 ms |
|---|---|---|---|---|---|---|
${added.join('\n')}

## Memory at 100 connections

Cloudflare history (20 invoices) at 100 connections for ${report.duration} s: peak RSS of billgraph's process group
**${report.memory.peakRssMb.toFixed(0)} MB** (sampled every 0.5 s; target ≤ 150 MB), ${report.memory.rps.toFixed(0)} req/s, ${report.memory.errors} errors.

Machines differ from day to day: [HISTORY.md](HISTORY.md) keeps earlier runs and A/B comparisons of commits on one
machine (\`bash bench/compare-commits.sh <git-ref>\`).
${kept}`,
  );
}
