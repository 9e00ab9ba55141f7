import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { limitedStream, readBody } from './body-limit.ts';

describe('a body bounded by its route', () => {
  it('keeps the 413 for a later reader when the limit passes before anyone reads', async () => {
    const source = new PassThrough();
    const body = limitedStream(source, 10);

    source.write(Buffer.alloc(64));
    // Nobody reads yet (the guard runs first): the error must not escape as an 'error' event.
    await new Promise((resolve) => setTimeout(resolve, 20));

    await expect(readBody(body)).rejects.toMatchObject({ code: 'GATEWAY_BODY_TOO_LARGE' });
  });

  it('passes a body within the limit whole', async () => {
    const source = new PassThrough();
    const body = limitedStream(source, 10);

    source.end(Buffer.from('0123456789'));

    expect((await readBody(body)).toString()).toBe('0123456789');
  });
});
