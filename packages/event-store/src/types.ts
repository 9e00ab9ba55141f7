/**
 * What the caller expects of a stream before appending: that it does not exist, anything, or
 * that its last event has exactly this version (versions start at 1; 0 means "no stream").
 */
export type ExpectedVersion = 'no-stream' | 'any' | number | bigint;

/**
 * A place in the global order. On Postgres, `commit` is the writing transaction's id and
 * `prepare` the event's sequence value; on KurrentDB they are its commit and prepare
 * positions. Ordered by commit, then prepare.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** An event to append. The id makes redelivery detectable downstream; it is a UUIDv7. */
export interface NewEvent {
  id?: string;
  type: string;
  data: unknown;
  metadata?: Record<string, unknown>;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  type: string;
  /** The event's place in its stream: 1 for the first. */
  version: number;
  position: GlobalPosition;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  nextExpectedVersion: number;
  /** Global position of the last appended event. */
  position: GlobalPosition;
}

export interface StreamMetadata {
  streamId: string;
  createdAt: Date;
  lastVersion: number;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive); 1 by default. */
  fromVersion?: number;
  /** At most this many events; all by default. */
  count?: number;
}

/** The port every adapter implements; one contract suite checks them all. */
export interface EventStore {
  /** Appends atomically; throws WrongExpectedVersionError when `expected` does not hold. */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult>;

  /** A stream's events in version order; an empty list when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Events strictly after `from` in the global order, at most `count`. Never skips an event
   * that commits later than one already returned: a reader that saves the last position and
   * asks again sees every event exactly once.
   */
  readAll(from: GlobalPosition, count: number): Promise<RecordedEvent[]>;

  /** Created-at and last version without reading the events; null when there is no stream. */
  streamMetadata(streamId: string): Promise<StreamMetadata | null>;

  close(): Promise<void>;
}
