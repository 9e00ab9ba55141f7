import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryCheckpointStore } from '../checkpoints.ts';
import { isWrongExpectedVersion, WrongExpectedVersionError } from '../errors.ts';
import { comparePositions, startPosition } from '../global-position.ts';
import { subscribeToAll } from '../subscription.ts';
import type { EventStore, GlobalPosition, NewEvent, RecordedEvent } from '../types.ts';

export interface ContractSubject {
  store: EventStore;
  teardown: () => Promise<void>;
}

const events = (n: number, tag = 'e'): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    type: 'test-happened',
    data: { tag, i },
    metadata: { correlationId: tag },
  }));

const stream = () => `contract-${uuidv7()}`;

/**
 * Reads the global log from the start until `expected` events of the given streams are in.
 * The log may lag: on Postgres a transaction still running anywhere on the server holds
 * back what the reader may pass, so an empty page means "not yet", not "never".
 */
async function readAllOf(
  store: EventStore,
  streams: Set<string>,
  expected: number,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let from: GlobalPosition = startPosition;
  while (out.length < expected) {
    const page = await store.readAll(from, 200);
    if (page.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    out.push(...page.filter((e) => streams.has(e.streamId)));
    from = page[page.length - 1]!.position;
  }
  return out;
}

/** The behaviour every EventStore adapter must show; each adapter's test file runs it. */
export function eventStoreContract(name: string, makeSubject: () => Promise<ContractSubject>) {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    const store = () => subject.store;

    beforeAll(async () => {
      subject = await makeSubject();
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    it('appends to a new stream and reads it back in order', async () => {
      const id = stream();
      const written = events(3);

      const result = await store().append(id, written, 'no-stream');
      const read = await store().readStream(id);

      expect(result.nextExpectedVersion).toBe(3);
      expect(read.map((e) => e.id)).toEqual(written.map((e) => e.id));
      expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(read[2]).toMatchObject({
        streamId: id,
        type: 'test-happened',
        data: { tag: 'e', i: 2 },
        metadata: { correlationId: 'e' },
      });
    });

    it('rejects no-stream when the stream exists, with a typed error', async () => {
      const id = stream();
      await store().append(id, events(1), 'no-stream');

      const error = await store()
        .append(id, events(1), 'no-stream')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ code: 'EVENT_STORE_WRONG_EXPECTED_VERSION', streamId: id });
      expect(await store().readStream(id)).toHaveLength(1);
    });

    it('appends at the exact version and refuses a stale or a future one', async () => {
      const id = stream();
      await store().append(id, events(2), 'no-stream');

      const next = await store().append(id, events(1), 2n);
      const stale = await store()
        .append(id, events(1), 2)
        .catch((e: unknown) => e);
      const future = await store()
        .append(id, events(1), 9)
        .catch((e: unknown) => e);
      const missing = await store()
        .append(stream(), events(1), 1)
        .catch((e: unknown) => e);

      expect(next.nextExpectedVersion).toBe(3);
      expect(isWrongExpectedVersion(stale)).toBe(true);
      expect(isWrongExpectedVersion(future)).toBe(true);
      expect(isWrongExpectedVersion(missing)).toBe(true);
      expect((await store().readStream(id)).map((e) => e.version)).toEqual([1, 2, 3]);
    });

    it('appends with any whether or not the stream exists', async () => {
      const id = stream();

      await store().append(id, events(1), 'any');
      const result = await store().append(id, events(2), 'any');

      expect(result.nextExpectedVersion).toBe(3);
      expect(await store().readStream(id)).toHaveLength(3);
    });

    it('numbers concurrent appends with any without gaps or repeats', async () => {
      const id = stream();

      await Promise.all(Array.from({ length: 20 }, () => store().append(id, events(1), 'any')));

      const versions = (await store().readStream(id)).map((e) => e.version);
      expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('reads a stream from a version with a count, and nothing for an unknown stream', async () => {
      const id = stream();
      await store().append(id, events(5), 'no-stream');

      const tail = await store().readStream(id, { fromVersion: 3 });
      const window = await store().readStream(id, { fromVersion: 2, count: 2 });

      expect(tail.map((e) => e.version)).toEqual([3, 4, 5]);
      expect(window.map((e) => e.version)).toEqual([2, 3]);
      expect(await store().readStream(stream())).toEqual([]);
    });

    it('reports stream metadata without reading events', async () => {
      const id = stream();
      const before = Date.now();
      await store().append(id, events(2), 'no-stream');
      await store().append(id, events(2), 2);

      const meta = await store().streamMetadata(id);

      expect(meta?.lastVersion).toBe(4);
      expect(meta?.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(await store().streamMetadata(stream())).toBeNull();
    });

    it('lets exactly one of 50 concurrent appends at one expected version win', async () => {
      const id = stream();
      await store().append(id, events(1), 'no-stream');

      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => store().append(id, events(1, `w${i}`), 1)),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');

      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const o of lost) expect(isWrongExpectedVersion(o.reason)).toBe(true);
      expect(await store().readStream(id)).toHaveLength(2);
    });

    it('reads the global log in increasing positions, strictly after the given one', async () => {
      const a = stream();
      const b = stream();
      await store().append(a, events(2), 'no-stream');
      await store().append(b, events(3), 'no-stream');
      await store().append(a, events(1), 2);

      const all = await readAllOf(store(), new Set([a, b]), 6);
      const afterSecond = await store().readAll(all[1]!.position, 1);

      expect(all.map((e) => `${e.streamId}:${e.version}`)).toEqual([
        `${a}:1`,
        `${a}:2`,
        `${b}:1`,
        `${b}:2`,
        `${b}:3`,
        `${a}:3`,
      ]);
      for (let i = 1; i < all.length; i++) {
        expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBe(-1);
      }
      expect(comparePositions(afterSecond[0]!.position, all[1]!.position)).toBe(1);
    });

    it('catches up from a checkpoint and resumes after a restart without repeats', async () => {
      const id = stream();
      const checkpoints = new InMemoryCheckpointStore();
      const seen: string[] = [];
      const handle = async (batch: readonly RecordedEvent[]) => {
        for (const e of batch) if (e.streamId === id) seen.push(e.id);
      };
      const first = await store().append(id, events(3), 'no-stream');

      const one = subscribeToAll({
        store: store(),
        checkpoints,
        subscriberId: 's',
        handle,
        idleMs: 20,
      });
      await one.caughtUpTo(first.position);
      await one.stop();
      const second = await store().append(id, events(2), 3);
      const two = subscribeToAll({
        store: store(),
        checkpoints,
        subscriberId: 's',
        handle,
        idleMs: 20,
      });
      await two.caughtUpTo(second.position);
      await two.stop();

      const written = (await store().readStream(id)).map((e) => e.id);
      expect(seen).toEqual(written);
    });
  });
}
