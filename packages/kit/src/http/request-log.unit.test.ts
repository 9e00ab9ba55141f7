import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createService } from './create-service.ts';

async function linesOf(level: string, paths: string[]): Promise<{ msg: string; url?: string }[]> {
  const lines: { msg: string; url?: string }[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as { msg: string });
      done();
    },
  });
  const service = await createService({
    name: 'request-log-example',
    config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: level },
    logStream,
    routes: (app) => {
      app.get('/fine', async () => ({ ok: true }));
      app.get('/broken', async () => {
        throw new Error('boom');
      });
    },
  });
  for (const url of paths) await service.app.inject({ method: 'GET', url });
  await service.app.close();
  return lines.filter((l) => l.msg === 'incoming request' || l.msg.startsWith('request '));
}

describe('request log lines', () => {
  it('writes no line per successful request at info', async () => {
    expect(await linesOf('info', ['/fine', '/fine'])).toEqual([]);
  });

  it('keeps the lines of an answer of 500 at info', async () => {
    const lines = await linesOf('info', ['/fine', '/broken']);

    // The kit's error handler names the failure; the completed line carries the status.
    expect(lines.map((l) => l.msg)).toEqual(['request failed', 'request completed']);
  });

  it('writes both lines per request at debug, but none for probes', async () => {
    const lines = await linesOf('debug', ['/fine', '/health/live']);

    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });
});
