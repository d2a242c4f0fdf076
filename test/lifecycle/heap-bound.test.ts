/**
 * Production's start (scripts/start.sh with scripts/start.mjs and scripts/heap-bound.mjs): real processes, the
 * scripts copied into a temporary checkout whose dist/main.js is a stand-in for billgraph that reports its pid,
 * heap limit and flags, and drains on SIGTERM like billgraph does.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const checkout = mkdtempSync(join(tmpdir(), 'billgraph-start-'));
mkdirSync(join(checkout, 'scripts'));
mkdirSync(join(checkout, 'dist'));
for (const script of ['start.sh', 'start.mjs', 'heap-bound.mjs']) copyFileSync(join('scripts', script), join(checkout, 'scripts', script));
// No src/ here, so dist/ is never stale and nothing is built.
writeFileSync(
  join(checkout, 'dist', 'main.js'),
  `import v8 from 'node:v8';
  process.on('SIGTERM', () => setTimeout(() => process.exit(Number(process.env.EXIT_CODE ?? 0)), 50));
  console.log(JSON.stringify({ pid: process.pid, heapLimitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20, execArgv: process.execArgv }));
  setInterval(() => {}, 1000);`,
);
writeFileSync(join(checkout, 'package.json'), '{ "type": "module" }');

interface Started {
  startedPid: number;
  report: { pid: number; heapLimitMb: number; execArgv: string[] };
  exit: Promise<number | null>;
}

/** `NODE_ENV=production sh scripts/start.sh main`, as `NODE_ENV=production npm start` runs it. */
function start(env: Record<string, string>): Promise<Started> {
  const child = spawn('sh', [join(checkout, 'scripts', 'start.sh'), 'main'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve({ startedPid: child.pid!, report: JSON.parse(chunk.toString()), exit }));
    void exit.then((code) => reject(new Error(`exited ${code} before reporting: ${stderr}`)));
  });
}

/** heap_size_limit is old space plus the young generation's semi-spaces. */
const expectBound = (heapLimitMb: number, mb: number) => {
  expect(heapLimitMb).toBeGreaterThanOrEqual(mb);
  expect(heapLimitMb).toBeLessThan(mb + 64);
};

describe('production start', () => {
  it('becomes billgraph (no launcher left behind), bounded to 1024 MB old space by default; SIGTERM reaches it', async () => {
    const started = await start({});
    expect(started.report.pid).toBe(started.startedPid);
    expect(started.report.execArgv).toEqual(['--max-old-space-size=1024']);
    expectBound(started.report.heapLimitMb, 1024);
    process.kill(started.startedPid, 'SIGTERM');
    expect(await started.exit).toBe(0);
  });

  it("exits with billgraph's exit code", async () => {
    const started = await start({ EXIT_CODE: '3' });
    process.kill(started.startedPid, 'SIGTERM');
    expect(await started.exit).toBe(3);
  });

  it('takes BILLGRAPH_MAX_HEAP_MB, and 0 leaves the heap to V8', async () => {
    const bounded = await start({ BILLGRAPH_MAX_HEAP_MB: '512' });
    expectBound(bounded.report.heapLimitMb, 512);
    const unbounded = await start({ BILLGRAPH_MAX_HEAP_MB: '0' });
    expect(unbounded.report.execArgv).toEqual([]);
    for (const started of [bounded, unbounded]) process.kill(started.startedPid, 'SIGTERM');
    await Promise.all([bounded.exit, unbounded.exit]);
  });

  it('keeps a bound the operator gave node in NODE_OPTIONS', async () => {
    const started = await start({ NODE_OPTIONS: '--max-old-space-size=300' });
    expect(started.report.execArgv).toEqual([]);
    expectBound(started.report.heapLimitMb, 300);
    process.kill(started.startedPid, 'SIGTERM');
    await started.exit;
  });

  it('refuses a bound too small to run in, naming the setting', async () => {
    await expect(start({ BILLGRAPH_MAX_HEAP_MB: '12' })).rejects.toThrow(/exited 1 .*BILLGRAPH_MAX_HEAP_MB must be 0/);
  });
});
