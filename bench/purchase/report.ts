export interface StepResult {
  rate: number;
  /** How the client waited for authorization: `long poll` or `poll <ms>`. */
  client: string;
  completedPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
  failed: number;
  errors: number;
  rssMb: number;
  /** CPU ms per process name over the step, from the first initiate to the last certificate. */
  cpuMs: Map<string, number>;
  /** Purchases with their certificate: the divisor of the CPU figures. */
  issued: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export function printResults(results: readonly StepResult[]): void {
  say(
    'target/s  client     done/s  p50 ms  p99 ms  lost  failed  errors  peak RSS MB' +
      '  CPU ms/purchase',
  );
  for (const r of results) {
    const cpu = [...r.cpuMs.values()].reduce((a, b) => a + b, 0) / Math.max(1, r.issued);
    say(
      `${String(r.rate).padStart(8)}  ${r.client.padEnd(9)}  ` +
        `${r.completedPerSecond.toFixed(1).padStart(6)}  ` +
        `${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ` +
        `${String(r.lost).padStart(4)}  ` +
        `${String(r.failed).padStart(6)}  ${String(r.errors).padStart(6)}  ` +
        `${r.rssMb.toFixed(0).padStart(11)}  ${cpu.toFixed(1).padStart(15)}`,
    );
  }
}

/**
 * CPU ms per purchase of each process (services, their Postgres backends, the broker, this
 * client), per rate, and the ceiling that the sum implies on this machine's cores; first
 * column: CPU ms per second at rest, which every step's figures include.
 */
export function printCpu(
  results: readonly StepResult[],
  cores: number,
  atRest: ReadonlyMap<string, number>,
): void {
  const names = [...(results[0]?.cpuMs.keys() ?? [])];
  const rates = results.map((r) => label(r).padStart(8)).join('');
  say(`CPU ms per purchase  rest ms/s${rates}`);
  for (const name of names) {
    const cells = results.map((r) => perPurchase(r, name).toFixed(1).padStart(8));
    const rest = (atRest.get(name) ?? 0).toFixed(1).padStart(10);
    say(`${name.padEnd(19)}  ${rest}${cells.join('')}`);
  }
  const totals = results.map((r) => [...r.cpuMs.values()].reduce((a, b) => a + b, 0) / r.issued);
  const restTotal = [...atRest.values()]
    .reduce((a, b) => a + b, 0)
    .toFixed(1)
    .padStart(10);
  const cells = totals.map((t) => t.toFixed(1).padStart(8)).join('');
  say(`${'total'.padEnd(19)}  ${restTotal}${cells}`);
  const ceilings = totals.map((t) => ((cores * 1000) / t).toFixed(0).padStart(8));
  say(`${`ceiling/s (${cores} cores)`.padEnd(19)}  ${''.padStart(10)}${ceilings.join('')}`);
}

function perPurchase(result: StepResult, name: string): number {
  return (result.cpuMs.get(name) ?? 0) / Math.max(1, result.issued);
}

/** A column's heading: the rate, with `p` when the client polled. */
function label(result: StepResult): string {
  return `${result.rate}/s${result.client === 'long poll' ? '' : 'p'}`;
}
