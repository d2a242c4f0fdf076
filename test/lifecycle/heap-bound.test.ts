/**
 * Production's V8 heap bound (scripts/heap-bound.mjs, used by scripts/start.mjs): real node processes, a stand-in
 * for dist/main.js that reports its heap limit and drains on SIGTERM like billgraph does.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const launcher = pathToFileURL(join(process.cwd(), 'scripts/heap-bound.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'billgraph-heap-'));
const server = join(dir, 'server.mjs');
writeFileSync(
  server,
  `import v8 from 'node:v8';
  process.on('SIGTERM', () => setTimeout(() => process.exit(Number(process.env.EXIT_CODE ?? 0)), 50));
  console.log(JSON.stringify({ pid: process.pid, heapLimitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20 }));
  setInterval(() => {}, 1000);`,
);

interface Started {
  launcherPid: number;
  report: { pid: number; heapLimitMb: number };
  exit: Promise<number | null>;
  stderr: () => string;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import { startWithHeapBound } from '${launcher}'; await startWithHeapBound(${JSON.stringify(server)});`],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) =>
      resolve({ launcherPid: child.pid!, report: JSON.parse(chunk.toString()), exit, stderr: () => stderr }),
    );
    void exit.then((code) => reject(new Error(`exited ${code} before reporting: ${stderr}`)));
  });
}

describe('production heap bound', () => {
  it('starts the server in a child bounded to 1024 MB old space by default, and passes SIGTERM on', async () => {
    const started = await start({});
    expect(started.report.pid).not.toBe(started.launcherPid);
    // heap_size_limit is old space plus the young generation's semi-spaces.
    expect(started.report.heapLimitMb).toBeGreaterThanOrEqual(1024);
    expect(started.report.heapLimitMb).toBeLessThan(1024 + 64);
    process.kill(started.launcherPid, 'SIGTERM');
    expect(await started.exit).toBe(0);
  });

  it('drains the server by itself when the launcher is killed outright (SIGKILL cannot be passed on)', async () => {
    const started = await start({});
    process.kill(started.launcherPid, 'SIGKILL');
    await started.exit;
    const alive = () => {
      try {
        process.kill(started.report.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5_000;
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive()).toBe(false);
  });

  it("exits with the server's exit code", async () => {
    const started = await start({ EXIT_CODE: '3' });
    process.kill(started.launcherPid, 'SIGTERM');
    expect(await started.exit).toBe(3);
  });

  it('takes BILLGRAPH_MAX_HEAP_MB, and 0 leaves the heap to V8 in this process', async () => {
    const bounded = await start({ BILLGRAPH_MAX_HEAP_MB: '512' });
    expect(bounded.report.heapLimitMb).toBeGreaterThanOrEqual(512);
    expect(bounded.report.heapLimitMb).toBeLessThan(512 + 64);
    process.kill(bounded.launcherPid, 'SIGTERM');
    const unbounded = await start({ BILLGRAPH_MAX_HEAP_MB: '0' });
    expect(unbounded.report.pid).toBe(unbounded.launcherPid);
    process.kill(unbounded.launcherPid, 'SIGTERM');
    await Promise.all([bounded.exit, unbounded.exit]);
  });

  it('keeps a bound the operator gave node in NODE_OPTIONS, in this process', async () => {
    const started = await start({ NODE_OPTIONS: '--max-old-space-size=300' });
    expect(started.report.pid).toBe(started.launcherPid);
    expect(started.report.heapLimitMb).toBeGreaterThanOrEqual(300);
    expect(started.report.heapLimitMb).toBeLessThan(300 + 64);
    process.kill(started.launcherPid, 'SIGTERM');
    await started.exit;
  });

  it('refuses a bound too small to run in, naming the setting', async () => {
    await expect(start({ BILLGRAPH_MAX_HEAP_MB: '12' })).rejects.toThrow(/exited 1 .*BILLGRAPH_MAX_HEAP_MB must be 0/);
  });
});
