import { type Readable, Transform } from 'node:stream';
import { GatewayError } from '../../domain/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The largest body a forwarded route takes (the route table's `bodyLimitOf`). */
    maxBodyBytes?: number;
  }
}

/**
 * The gateway's own bound on a request body, before it reaches Better Auth or a service: a
 * declared length over the limit is refused at once, and a body sent without one (chunked) is
 * cut off when it passes the limit. Either way a 413 problem, never a 503 from a service that
 * hung up mid-upload, and never an unbounded body held in memory.
 */
export function refuseDeclaredOverLimit(declared: string | undefined, limit: number): void {
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
}

/** Passes the body through, failing with the gateway's 413 once more than `limit` bytes came. */
export function limitedStream(body: Readable, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge(limit) : null, chunk);
    },
  });
  body.on('error', (error) => counter.destroy(error));
  // The limit may pass before anyone reads (the guard runs first): without a listener that
  // error would end the process. Whoever reads later gets it from the stream all the same.
  counter.on('error', () => {});
  return body.pipe(counter);
}

/** Reads a body whole (Better Auth's small JSON; already bounded by `limitedStream`). */
export async function readBody(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The error a failed forward carries when the cause was the body's size. */
export function bodyLimitErrorOf(error: unknown): GatewayError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof GatewayError && e.code === 'GATEWAY_BODY_TOO_LARGE') return e;
  }
  return undefined;
}

function tooLarge(limit: number) {
  return new GatewayError('GATEWAY_BODY_TOO_LARGE', { limit });
}
