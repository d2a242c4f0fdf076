/**
 * CPU time and memory of one server's process group, read from /proc (Linux): the benchmark's measure of
 * what a gateway costs per answer, independent of how busy the shared machine is.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim()) || 4096;

interface Stat {
  pgrp: number;
  /** utime + stime, clock ticks. */
  ticks: number;
  rssBytes: number;
}

function readStat(pid: string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: state(3) ppid(4) pgrp(5) ... utime(14) stime(15) ... rss(24), here 0-based from field 3.
    return { pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]), rssBytes: Number(fields[21]) * PAGE_BYTES };
  } catch {
    return null; // the process ended between readdir and read
  }
}

function groupStats(pgid: number): Stat[] {
  const stats: Stat[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readStat(pid);
    if (stat?.pgrp === pgid) stats.push(stat);
  }
  return stats;
}

/** User + system CPU seconds of every live process in the group (servers spawned `detached` lead their own group). */
export function groupCpuSeconds(pgid: number): number {
  return groupStats(pgid).reduce((sum, s) => sum + s.ticks, 0) / TICKS_PER_SECOND;
}

/** Resident memory of the group, MB. */
export function groupRssMb(pgid: number): number {
  return groupStats(pgid).reduce((sum, s) => sum + s.rssBytes, 0) / 2 ** 20;
}

/** The load average over the last minute, for the report: absolute numbers mean little on a busy machine. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
