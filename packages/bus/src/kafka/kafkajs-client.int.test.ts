import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { describe, expect, it } from 'vitest';
import { quietLogger } from '../test-support.ts';
import { createKafkaClient } from './kafkajs-client.ts';

const idleProducer = fileURLToPath(new URL('../test-processes/idle-producer.ts', import.meta.url));

function runIdleProducer(topic: string): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [idleProducer], {
    env: { ...process.env, BROKERS: kafkaBrokers().join(','), TOPIC: topic },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

describe('the kafkajs client (patched, patches/kafkajs@2.2.4.patch)', () => {
  it('neither warns of a negative timeout nor polls its request queue while idle', async () => {
    const topic = uniqueName('idle-producer');
    const kafka = createKafkaClient({
      brokers: kafkaBrokers(),
      clientId: topic,
      logger: quietLogger,
    });
    await kafka.ensureTopics([{ topic, partitions: 1 }]);

    const { stdout, stderr } = await runIdleProducer(topic);

    expect(stderr).not.toMatch(/TimeoutNegativeWarning/);
    // Unpatched, each connection rescheduled its queue check every millisecond (hundreds here).
    const { timersWhileIdle } = JSON.parse(stdout) as { timersWhileIdle: number };
    expect(timersWhileIdle).toBeLessThan(20);
  });
});
