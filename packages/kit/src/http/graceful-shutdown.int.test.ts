import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createService } from './create-service.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then runs the closers in order', async () => {
    const entered = deferred();
    const release = deferred();
    const events: string[] = [];
    const service = await createService({
      name: 'shutdown-example',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      routes: (app) => {
        app.get('/slow', async () => {
          entered.resolve();
          await release.promise;
          events.push('handler finished');
          return { done: true };
        });
      },
      onClose: [
        { name: 'consumers', close: () => events.push('consumers closed') },
        { name: 'relay', close: () => events.push('relay closed') },
      ],
    });
    service.addCloser({ name: 'pool', close: () => events.push('pool closed') });
    const { url } = await service.start();

    const inFlight = fetch(`${url}/slow`);
    await entered.promise;
    const stopped = service.stop().then(() => events.push('stopped'));
    events.push('stop requested');
    // While the handler is held, no closer may run however many turns the loop takes.
    for (let turn = 0; turn < 20; turn++) await new Promise((r) => setImmediate(r));
    events.push('handler released');
    release.resolve();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await stopped;
    expect(events).toEqual([
      'stop requested',
      'handler released',
      'handler finished',
      'consumers closed',
      'relay closed',
      'pool closed',
      'stopped',
    ]);
  });

  it('answers a request arriving on an open connection during shutdown with a 503 problem', async () => {
    const entered = deferred();
    const release = deferred();
    const closing = deferred();
    const secondArrived = deferred();
    let incoming = 0;
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        if (String(chunk).includes('incoming request') && ++incoming === 2) secondArrived.resolve();
        done();
      },
    });
    const service = await createService({
      name: 'shutdown-example',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'debug' },
      logStream,
      routes: (app) => {
        // Runs after the kit's own preClose hook, so the kit knows it is closing by then.
        app.addHook('preClose', async () => closing.resolve());
        app.get('/slow', async () => {
          entered.resolve();
          await release.promise;
          return { done: true };
        });
      },
    });
    const { url } = await service.start();
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
    });
    const ended = new Promise((resolve) => socket.on('close', resolve));

    socket.write('GET /slow HTTP/1.1\r\nHost: example\r\n\r\n');
    await entered.promise;
    const stopped = service.stop();
    await closing.promise;
    socket.write('GET /slow HTTP/1.1\r\nHost: example\r\n\r\n');
    await secondArrived.promise;
    release.resolve();
    await stopped;
    await ended;

    const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toContain('application/problem+json');
    expect(second).toContain('"code":"KIT_SHUTTING_DOWN"');
  });

  it('refuses new connections once stopped and runs closers only once', async () => {
    let closes = 0;
    const service = await createService({
      name: 'shutdown-example',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      onClose: [{ name: 'pool', close: () => closes++ }],
    });
    const { url } = await service.start();

    await Promise.all([service.stop(), service.stop()]);

    expect(closes).toBe(1);
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
  });

  it('runs every closer even when one fails, then reports the failure', async () => {
    const closed: string[] = [];
    const service = await createService({
      name: 'shutdown-example',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      onClose: [
        {
          name: 'consumers',
          close: () => {
            throw new Error('consumer stuck');
          },
        },
        { name: 'pool', close: () => closed.push('pool') },
      ],
    });

    await expect(service.stop()).rejects.toThrow(/some closers failed/);
    expect(closed).toEqual(['pool']);
  });
});
