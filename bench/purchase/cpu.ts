import { readdirSync, readFileSync } from 'node:fs';

/** CPU time one process has used so far, user plus system, in ms (undefined once gone). */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}

// USER_HZ: 100 on every Linux that this benchmark targets (x86_64 and arm64 kernels).
const clockTicksPerSecond = 100;

/** The Postgres backends serving one database: their title names it after the user. */
function backendsOf(database: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(` ${database} `)) found.push(+entry);
    } catch {
      // A process that ended while the folder was read.
    }
  }
  return found;
}

export interface Watched {
  name: string;
  /** A fixed process, or the Postgres database whose backends are summed. */
  pid?: number;
  database?: string;
}

/** CPU ms per watched name since `start()`, read from /proc when `stop()` is called. */
export function sampleCpu(watched: readonly Watched[]) {
  const pidsOf = (w: Watched) => (w.pid !== undefined ? [w.pid] : backendsOf(w.database ?? ''));
  const read = () => {
    const used = new Map<string, Map<number, number>>();
    for (const w of watched) {
      const readings = pidsOf(w).map((p): [number, number | undefined] => [p, cpuMs(p)]);
      used.set(w.name, new Map(readings.filter((r): r is [number, number] => r[1] !== undefined)));
    }
    return used;
  };
  const before = read();
  return {
    stop(): Map<string, number> {
      const after = read();
      const spent = new Map<string, number>();
      for (const [name, now] of after) {
        const then = before.get(name) ?? new Map<number, number>();
        let total = 0;
        // A process started during the step counts from zero; one that ended is not seen.
        for (const [pid, ms] of now) total += ms - (then.get(pid) ?? 0);
        spent.set(name, total);
      }
      return spent;
    },
  };
}
