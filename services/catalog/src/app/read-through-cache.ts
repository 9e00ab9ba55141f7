/** A cache in front of reads; the marketplace's entries carry a generation that events bump. */
export interface ReadThroughCache {
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** The current generation of a namespace, part of every key in it. */
  generation(namespace: string): Promise<number>;
  /** Makes every entry of the namespace unreachable (they then expire by TTL). */
  invalidate(namespace: string): Promise<void>;
}

/** No caching: for tests of other concerns and for running without Redis. */
export const noCache: ReadThroughCache = Object.freeze({
  read: <T>(_key: string, load: () => Promise<T>) => load(),
  generation: async () => 0,
  invalidate: async () => {},
});
