/**
 * Times as the DateTime scalar answers them (ISO-8601, UTC). Formatting a Date is slow enough to show in a
 * profile, and a shared invoice (src/providers/mapped-once.ts) is answered by many requests: its times
 * are formatted once. Only those are kept: for a Date one request formats once, keeping costs more than it saves.
 */
const isoTimes = new WeakMap<Date, string>();

/** Formats a shared invoice's time once, for every request that answers it (its Dates are never mutated). */
export function keepIsoTime(time: Date): void {
  if (!isoTimes.has(time)) isoTimes.set(time, time.toISOString());
}

export function isoTime(time: Date): string {
  return isoTimes.get(time) ?? time.toISOString();
}
