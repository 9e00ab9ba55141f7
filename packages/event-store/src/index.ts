export type { CheckpointStore } from './checkpoints.ts';
export { InMemoryCheckpointStore } from './checkpoints.ts';
export type { EventStoreErrorCategory, EventStoreErrorCode } from './errors.ts';
export {
  EventStoreError,
  EventStoreErrorCodes,
  isWrongExpectedVersion,
  WrongExpectedVersionError,
} from './errors.ts';
export {
  comparePositions,
  formatPosition,
  parsePosition,
  startPosition,
} from './global-position.ts';
export type { AlongsideWrite } from './postgres/append-alongside.ts';
export { PostgresCheckpointStore } from './postgres/postgres-checkpoint-store.ts';
export type { PostgresEventStoreOptions } from './postgres/postgres-event-store.ts';
export { createPostgresEventStore, PostgresEventStore } from './postgres/postgres-event-store.ts';
export type { EventStoreTables } from './postgres/schema.ts';
export { migrateEventStore } from './postgres/schema.ts';
export type { MessagePublisher, OutgoingMessage, RelayOptions } from './relay.ts';
export { startRelay } from './relay.ts';
export type { CatchUpOptions, Subscription } from './subscription.ts';
export { subscribeToAll } from './subscription.ts';
export type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from './types.ts';
