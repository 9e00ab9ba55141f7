import {
  ANY,
  type AppendExpectedRevision,
  BACKWARDS,
  EventStoreDBClient,
  FORWARDS,
  type JSONType,
  jsonEvent,
  WrongExpectedVersionError as KurrentWrongVersion,
  NO_STREAM,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { uuidv7 } from 'uuidv7';
import { invalidAppend, WrongExpectedVersionError } from '../errors.ts';
import { toVersion } from '../global-position.ts';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from '../types.ts';

interface KurrentEvent {
  id: string;
  streamId: string;
  type: string;
  revision: bigint;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint; prepare: bigint };
}

/**
 * The KurrentDB adapter. Our versions start at 1, KurrentDB's revisions at 0: version n is
 * revision n - 1. KurrentDB's own `$`-prefixed system events are left out of `readAll`.
 */
export class KurrentEventStore implements EventStore {
  readonly #client: EventStoreDBClient;

  constructor(client: EventStoreDBClient) {
    this.#client = client;
  }

  static fromConnectionString(connectionString: string): KurrentEventStore {
    return new KurrentEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    if (events.length === 0) throw invalidAppend('an append carries at least one event');
    const data = events.map((e) =>
      jsonEvent({
        id: e.id ?? uuidv7(),
        type: e.type,
        data: (e.data ?? null) as JSONType,
        metadata: (e.metadata ?? {}) as JSONType,
      }),
    );

    try {
      const result = await this.#client.appendToStream(streamId, data, {
        expectedRevision: toRevision(expected),
      });
      return {
        nextExpectedVersion: Number(result.nextExpectedRevision) + 1,
        position: result.position ?? { commit: 0n, prepare: 0n },
      };
    } catch (error) {
      if (error instanceof KurrentWrongVersion) {
        throw new WrongExpectedVersionError(streamId, String(expected));
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.#client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt((options.fromVersion ?? 1) - 1),
        ...(options.count === undefined ? {} : { maxCount: options.count }),
      });
      for await (const resolved of read) {
        if (resolved.event) out.push(toRecorded(resolved.event as KurrentEvent));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(from: GlobalPosition, count: number): Promise<RecordedEvent[]> {
    // KurrentDB reads from a position inclusively and interleaves its own system events, so
    // page on until `count` of ours are found or the log ends, skipping `from` itself.
    const out: RecordedEvent[] = [];
    let cursor = from;
    for (;;) {
      const page = await this.#page(cursor, count + 1);
      for (const event of page) {
        if (samePosition(event.position!, from) || samePosition(event.position!, cursor)) continue;
        if (!isSystem(event)) out.push(toRecorded(event));
        if (out.length === count) return out;
      }
      if (page.length < count + 1) return out;
      cursor = page[page.length - 1]!.position!;
    }
  }

  async #page(from: GlobalPosition, maxCount: number): Promise<KurrentEvent[]> {
    const atStart = from.commit === 0n && from.prepare === 0n;
    const read = this.#client.readAll({
      direction: FORWARDS,
      fromPosition: atStart ? START : from,
      maxCount,
    });
    const page: KurrentEvent[] = [];
    for await (const resolved of read) {
      const event = resolved.event as KurrentEvent | undefined;
      if (event?.position) page.push(event);
    }
    return page;
  }

  async streamMetadata(streamId: string): Promise<StreamMetadata | null> {
    const [first] = await this.readStream(streamId, { count: 1 });
    if (!first) return null;
    const read = this.#client.readStream(streamId, {
      direction: BACKWARDS,
      fromRevision: 'end',
      maxCount: 1,
    });
    let lastVersion = first.version;
    for await (const resolved of read) {
      if (resolved.event) lastVersion = Number(resolved.event.revision) + 1;
    }
    return { streamId, createdAt: first.recordedAt, lastVersion };
  }

  async close(): Promise<void> {
    await this.#client.dispose();
  }
}

function samePosition(a: GlobalPosition, b: GlobalPosition): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}

function isSystem(event: KurrentEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function toRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream') return NO_STREAM;
  const version = toVersion(expected);
  return version === 0 ? NO_STREAM : BigInt(version - 1);
}

function toRecorded(event: KurrentEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    version: Number(event.revision) + 1,
    position: event.position ?? { commit: 0n, prepare: 0n },
    data: event.data,
    metadata: (event.metadata ?? {}) as Record<string, unknown>,
    recordedAt: event.created,
  };
}
