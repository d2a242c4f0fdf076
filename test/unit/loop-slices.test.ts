import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoopSlices } from '../../src/limits/loop-slices.js';

/** Holds the loop for `ms`, as a piece of resolver work does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Runs `pieces` 1 ms pieces concurrently, each passing `slices` first; returns how many ran before a timer set at the start fired. */
async function piecesBeforeTimer(pieces: number, slices: LoopSlices | null): Promise<number> {
  // Start inside an I/O callback, as a request's resolvers do: there Node runs setImmediate callbacks before any
  // timer (the loop's check phase comes before its timers phase). Started elsewhere, the timer set below may or may
  // not run before the slices' setImmediate, whichever phase the test runner happened to call from.
  await new Promise((resolve) => stat('.', resolve));
  let done = 0;
  let seenByTimer = -1;
  setTimeout(() => (seenByTimer = done), 0);
  await Promise.all(
    Array.from({ length: pieces }, async () => {
      await slices?.pass();
      busy(1);
      done += 1;
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 5));
  return seenByTimer;
}

describe('loop slices', () => {
  it('without slices a timer waits for every piece; with 5 ms slices it runs after about one slice of them', async () => {
    expect(await piecesBeforeTimer(40, null)).toBe(40);
    const seen = await piecesBeforeTimer(40, new LoopSlices(5));
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(seen).toBeLessThanOrEqual(15);
  });

  it('pieces within the slice go on in the same turn', async () => {
    const slices = new LoopSlices(1_000);
    expect(await piecesBeforeTimer(10, slices)).toBe(10);
  });
});
