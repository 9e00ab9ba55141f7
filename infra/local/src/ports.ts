import { createConnection, createServer } from 'node:net';
import { InfraError } from './infra-error.ts';

/** Resolves when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Fails with a message naming the port and the variable that moves it when it is taken. */
export function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const cause =
        error.code === 'EADDRINUSE' ? 'is already in use by another process' : error.message;
      reject(new InfraError(`port ${port} on 127.0.0.1 ${cause}: stop it or set ${variable}`));
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
