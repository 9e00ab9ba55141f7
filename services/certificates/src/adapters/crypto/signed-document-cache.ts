/**
 * Remembers what a certificate's verified signature said, by certificate id: a certificate's
 * JWS never changes, so it is checked once per process rather than on every QR scan. Bounded;
 * the oldest entry goes first. Revocation is never cached: it is read on every request.
 */
export class SignedDocumentCache<T> {
  readonly #max: number;
  readonly #entries = new Map<string, T>();

  constructor(max = 10_000) {
    this.#max = max;
  }

  async get(id: string, open: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.#entries.get(id);
    if (hit !== undefined) return hit;

    const value = await open();
    if (value === undefined) return undefined;
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(id, value);
    return value;
  }
}
