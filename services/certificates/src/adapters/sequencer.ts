/**
 * Runs the log's sequencer when kicked and at an interval, never twice at once: kicks that
 * arrive during a pass coalesce into one more pass. The interval covers kicks lost to a crash
 * and certificates issued by other instances.
 */
export class Sequencer {
  readonly #pass: () => Promise<number>;
  readonly #onError: (err: unknown) => void;
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(pass: () => Promise<number>, onError: (err: unknown) => void) {
    this.#pass = pass;
    this.#onError = onError;
  }

  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => this.kick(), intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for the pass under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        // A full batch means more may wait: go on without waiting for a kick.
        while ((await this.#pass()) >= 1000) this.#again = false;
      } catch (err) {
        this.#onError(err);
      }
    } while (this.#again);
  }
}
