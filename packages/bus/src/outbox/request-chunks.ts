import type { TopicMessages } from '../kafka/types.ts';

/**
 * Most bytes of records in one produce request. A broker refuses a partition's record batch
 * over `message.max.bytes` (1 MiB by default); a request no larger than this keeps every
 * partition's share under it, with 64 KiB left for what sizeOf leaves out (a record's framing
 * beyond its 16 bytes, the batch header). A pass of 2000 typical events (about 450 bytes with
 * their headers) fits in one request: fewer requests cost less CPU per event.
 */
export const requestBudgetBytes = 960 * 1024;

type Message = TopicMessages['messages'][number];

/**
 * Splits a pass into produce requests of at most `budget` bytes of keys, values and headers,
 * keeping each topic's messages in their order (the order per key). A message larger than the
 * budget goes alone; the broker decides whether it fits.
 */
export function requestChunks(
  batches: readonly TopicMessages[],
  budget = requestBudgetBytes,
): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let chunk: TopicMessages[] = [];
  let used = 0;

  for (const batch of batches) {
    let messages: Message[] = [];
    for (const message of batch.messages) {
      const size = sizeOf(message);
      if (used + size > budget && used > 0) {
        if (messages.length > 0) chunk.push({ topic: batch.topic, messages });
        chunks.push(chunk);
        chunk = [];
        messages = [];
        used = 0;
      }
      messages.push(message);
      used += size;
    }
    if (messages.length > 0) chunk.push({ topic: batch.topic, messages });
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

// Header names and values are ASCII (CloudEvents attributes, ids, trace context); the value is
// measured in UTF-8. 16 bytes of record framing each (lengths, deltas, attributes).
function sizeOf(message: Message): number {
  let size = 16 + Buffer.byteLength(message.key) + byteLength(message.value);
  for (const name in message.headers) {
    size += name.length + byteLength(message.headers[name] ?? '') + 2;
  }
  return size;
}

function byteLength(value: string | Buffer): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
