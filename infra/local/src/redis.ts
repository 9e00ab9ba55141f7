import { createConnection } from 'node:net';
import { InfraError } from './infra-error.ts';
import { redact } from './postgres.ts';

export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/** Sends PING over a raw connection: enough to know the server answers, no client needed. */
export function checkRedis(redisUrl: string, timeoutMs = 3_000): Promise<void> {
  const url = new URL(redisUrl);
  const failure = (reason: string) =>
    new InfraError(
      `Redis is not answering at ${redact(redisUrl)} (${reason}). Start it, e.g. ` +
        '\'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""\', or set REDIS_URL.',
    );

  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(failure('timed out'));
    });
    socket.once('error', (error) => reject(failure(error.message)));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      const reply = data.toString();
      if (reply.startsWith('+PONG') || reply.startsWith('-NOAUTH')) resolve();
      else reject(failure(`unexpected reply ${JSON.stringify(reply.slice(0, 40))}`));
    });
  });
}
