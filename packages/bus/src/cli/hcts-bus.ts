#!/usr/bin/env node
// Operator commands of the bus. Usage:
//   node packages/bus/src/cli/hcts-bus.ts replay-dead-letters --group <consumer group>
// Brokers come from KAFKA_BROKERS (comma-separated, default 127.0.0.1:19092); a platform with
// its own names on a shared broker sets KAFKA_GROUP_PREFIX and KAFKA_TOPIC_PREFIX as its
// services do.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createBus } from '../bus.ts';

const usage = 'usage: hcts-bus replay-dead-letters --group <consumer group>';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { group: { type: 'string' } },
  });
  if (positionals[0] !== 'replay-dead-letters' || !values.group) {
    console.error(usage);
    return 2;
  }

  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const bus = await createBus({
    brokers,
    clientId: 'hcts-bus-cli',
    source: 'hcts/bus-cli',
    logger,
    groupPrefix: process.env.KAFKA_GROUP_PREFIX,
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX,
  });
  try {
    const result = await bus.replayDeadLetters({ group: values.group });
    console.log(`replayed ${result.replayed}, passed over ${result.passedOver}`);
    return 0;
  } finally {
    await bus.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
