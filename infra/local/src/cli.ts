#!/usr/bin/env node
// hcts-infra start|stop|status: the local Kafka broker and the databases, for contributors.
import { brokerStatus, ensureLocalInfra, InfraError, kafkaDir, stopKafkaBroker } from './index.ts';

const say = (line: string) => console.log(`infra: ${line}`);

async function main(command: string | undefined): Promise<number> {
  if (command === 'start') {
    const infra = await ensureLocalInfra({ log: say });
    for (const [name, value] of Object.entries(infra.endpoints)) say(`${name}=${value}`);
    return 0;
  }
  if (command === 'stop') {
    say((await stopKafkaBroker(kafkaDir)) ? 'kafka stopped' : 'kafka was not running');
    return 0;
  }
  if (command === 'status') {
    const status = brokerStatus(kafkaDir);
    say(status.pid ? `kafka running, pid ${status.pid}, log ${status.logFile}` : 'kafka stopped');
    return 0;
  }
  console.error('usage: hcts-infra start|stop|status');
  return 2;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof InfraError ? `infra: ${error.message}` : error);
    process.exit(1);
  },
);
