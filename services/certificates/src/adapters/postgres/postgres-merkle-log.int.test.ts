import { createTestDatabase } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendNodes,
  type Hash,
  lookupFrom,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../domain/merkle/index.ts';
import { rfc9162Sha256 as hasher } from '../crypto/sha256.ts';
import { type DatabaseHandle, openDatabase } from './database.ts';
import { migrations } from './migrations.ts';
import { PostgresMerkleLog } from './postgres-merkle-log.ts';

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
let log: PostgresMerkleLog;
const hex = (h: Hash) => Buffer.from(h).toString('hex');
const leafOf = (tag: string) => hasher.leaf(new TextEncoder().encode(tag));

beforeAll(async () => {
  testDb = await createTestDatabase('cert_merkle');
  handle = openDatabase(testDb.url, 4);
  await handle.migrate(migrations);
  await handle.migrate(migrations);
  log = new PostgresMerkleLog(handle.db, hasher);
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe('PostgresMerkleLog', () => {
  it('assigns dense indexes to concurrent appenders and matches the in-memory tree', async () => {
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 1 + (b % 5) * 7 }, (_, i) => leafOf(`b${b}-${i}`)),
    );
    const starts = await Promise.all(
      batches.map((batch) => handle.db.transaction().execute((trx) => log.append(trx, batch))),
    );

    const total = batches.reduce((n, b) => n + b.length, 0);
    expect(await log.size()).toBe(total);

    // Rebuild the same leaf order from the indexes the store handed out.
    const leaves: Hash[] = new Array(total);
    batches.forEach((batch, b) => {
      batch.forEach((leaf, i) => {
        leaves[starts[b]! + i] = leaf;
      });
    });
    expect(leaves.filter(Boolean)).toHaveLength(total);
    const memory = lookupFrom(appendNodes(hasher, 0, leaves, lookupFrom([])));
    for (const size of [0, 1, 2, 3, 17, total - 1, total]) {
      expect(hex(await log.root(size))).toBe(hex(treeRoot(hasher, size, memory)));
    }

    for (const [index, size] of [
      [0, 1],
      [5, total],
      [total - 1, total],
      [20, 33],
    ] as const) {
      const proof = await log.inclusionProof(index, size);
      const root = await log.root(size);
      expect(verifyInclusion(hasher, leaves[index]!, index, size, proof, root)).toBe(true);
    }

    const proof = await log.consistencyProof(13, total);
    const ok = verifyConsistency(
      hasher,
      13,
      total,
      await log.root(13),
      await log.root(total),
      proof,
    );
    expect(ok).toBe(true);
  });

  it('refuses tree sizes the log has not reached', async () => {
    const size = await log.size();
    await expect(log.root(size + 1)).rejects.toThrow(RangeError);
    await expect(log.inclusionProof(0, size + 5)).rejects.toThrow(RangeError);
  });

  it('keeps nothing of an append whose transaction rolls back', async () => {
    const before = await log.size();
    const rootBefore = hex(await log.root(before));
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await log.append(trx, [leafOf('rolled-back')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await log.size()).toBe(before);
    expect(hex(await log.root(before))).toBe(rootBefore);
  });
});
