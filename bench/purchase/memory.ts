import { readFileSync } from 'node:fs';
import { brokerStatus, kafkaDir } from '@hcts/infra-local';

/** Resident set of one process in MB, from /proc (0 when it is gone or unreadable). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Each named process's resident set, e.g. `gateway 310`, largest first. */
export function residentByName(processes: ReadonlyArray<{ name: string; pid?: number }>): string {
  return [...processes]
    .map(({ name, pid }) => ({ name, mb: rssMb(pid) }))
    .sort((a, b) => b.mb - a.mb)
    .map(({ name, mb }) => `${name} ${mb.toFixed(0)}`)
    .join(', ');
}

export function residentMb(pids: Array<number | undefined>): number {
  return pids.reduce<number>((sum, pid) => sum + rssMb(pid), 0);
}

/**
 * The process of the local broker this checkout started (its pid file under HCTS_STATE_DIR):
 * read-only, its memory is part of the platform's. Another broker on the machine is not ours.
 */
export function brokerPid(): number | undefined {
  return brokerStatus(kafkaDir).pid;
}

/** Samples the summed resident memory every second; `stop()` returns the peak in MB. */
export function sampleRss(pids: Array<number | undefined>) {
  let peak = residentMb(pids);
  const timer = setInterval(() => {
    peak = Math.max(peak, residentMb(pids));
  }, 1_000);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, residentMb(pids));
    },
  };
}
