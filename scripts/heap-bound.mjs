/* global process, console, URL */
// The V8 heap bound production starts billgraph with (scripts/start.mjs; README "Memory").
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { pathToFileURL } from 'node:url';

const HEAP_FLAG = '--max-old-space-size';
export const DEFAULT_HEAP_MB = 1024;

/**
 * The old-space bound, MB, to start billgraph with; null to start it in this process as it is. V8 sizes its heap
 * from the machine (4.3 GB on a 24 GB one) and, under a high allocation rate, grows towards that rather than
 * collect: RSS ~400 MB where the data held is a small part. Below about 1 GB its heuristics collect sooner:
 * bench/heap.ts measured RSS 394 → 233 MB (50 connections of 100-invoice pages) for 8-15 % more CPU per answer at
 * 1024 MB, 213 MB for 30 % more at 256 MB. So production bounds it (BILLGRAPH_MAX_HEAP_MB, default 1024; 0 = V8's
 * own sizing). A bound the operator gave node already (NODE_OPTIONS or a flag) is kept as it is.
 */
export function heapBoundMb(env, execArgv) {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((flag) => flag.startsWith(HEAP_FLAG))) return null;
  const raw = env.BILLGRAPH_MAX_HEAP_MB ?? String(DEFAULT_HEAP_MB);
  if (!/^\d{1,6}$/.test(raw) || (Number(raw) > 0 && Number(raw) < 64)) {
    console.error(`billgraph: BILLGRAPH_MAX_HEAP_MB must be 0 (V8's own sizing) or a whole number of MB from 64, got "${raw}"`);
    process.exit(1);
  }
  return Number(raw) === 0 ? null : Number(raw);
}

/**
 * V8 takes a heap bound only when a process starts, so `script` runs as this process's child with it; the signals
 * an operator or orchestrator sends (SIGTERM starts the drain) are passed on, the child's exit is this one's, and
 * a child left behind by a launcher killed outright drains by itself (scripts/orphan-guard.mjs).
 */
export function runBounded(script, heapMb) {
  const guard = new URL('./orphan-guard.mjs', import.meta.url).href;
  const child = spawn(process.execPath, [`${HEAP_FLAG}=${heapMb}`, '--import', guard, script], { stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  // A child ended by a signal exits the shell way, 128 + the signal's number.
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

/** Runs `script` (a file path) under the heap bound `env` asks for: in this process, or as a bounded child. */
export async function startWithHeapBound(script, env = process.env) {
  const heapMb = heapBoundMb(env, process.execArgv);
  if (heapMb === null) await import(pathToFileURL(script).href);
  else runBounded(script, heapMb);
}
