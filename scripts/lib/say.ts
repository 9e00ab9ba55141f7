export function say(line: string): void {
  process.stdout.write(`hcts: ${line}\n`);
}
