/** The event store's error catalogue: a stable code, a category, a message template. */
export const EventStoreErrorCodes = Object.freeze({
  wrongExpectedVersion: 'EVENT_STORE_WRONG_EXPECTED_VERSION',
  invalidAppend: 'EVENT_STORE_INVALID_APPEND',
  invalidPosition: 'EVENT_STORE_INVALID_POSITION',
} as const);
export type EventStoreErrorCode = (typeof EventStoreErrorCodes)[keyof typeof EventStoreErrorCodes];

export type EventStoreErrorCategory = 'conflict' | 'validation';

export class EventStoreError extends Error {
  readonly code: EventStoreErrorCode;
  readonly category: EventStoreErrorCategory;

  constructor(code: EventStoreErrorCode, category: EventStoreErrorCategory, message: string) {
    super(message);
    this.name = 'EventStoreError';
    this.code = code;
    this.category = category;
  }
}

/** The stream was not at the expected version: someone else appended first. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly streamId: string;
  readonly expected: string;

  constructor(streamId: string, expected: string) {
    super(
      EventStoreErrorCodes.wrongExpectedVersion,
      'conflict',
      `stream ${streamId} is not at the expected version ${expected}`,
    );
    this.name = 'WrongExpectedVersionError';
    this.streamId = streamId;
    this.expected = expected;
  }
}

export function invalidAppend(reason: string): EventStoreError {
  return new EventStoreError(EventStoreErrorCodes.invalidAppend, 'validation', reason);
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError;
}
