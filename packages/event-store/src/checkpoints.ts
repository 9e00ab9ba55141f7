import type { GlobalPosition } from './types.ts';

/** Where each subscriber got to in the global order. */
export interface CheckpointStore {
  load(subscriberId: string): Promise<GlobalPosition | null>;
  save(subscriberId: string, position: GlobalPosition): Promise<void>;
}

/** For tests and for subscribers that rebuild from the start on every run. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #positions = new Map<string, GlobalPosition>();

  async load(subscriberId: string): Promise<GlobalPosition | null> {
    return this.#positions.get(subscriberId) ?? null;
  }

  async save(subscriberId: string, position: GlobalPosition): Promise<void> {
    this.#positions.set(subscriberId, position);
  }
}
