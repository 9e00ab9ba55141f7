import { createHash } from 'node:crypto';
import { invalidAppend } from '../errors.ts';

/**
 * A write of the caller's that commits in the append's own statement, or not at all: a list
 * row, a stored response. It reads the appended rows as `appended` (position, transaction_id,
 * version); selecting `from (select 1 from appended limit 1) as a` makes it take effect only
 * when the events were appended. An error in it (a unique key, say) rolls the events back.
 */
export interface AlongsideWrite {
  /** Stands for one text: with the append's name, it names the prepared statement. */
  name: string;
  /** One data-modifying statement; $1.. number its own `values`, and no other `$` appears. */
  text: string;
  values: readonly unknown[];
}

export interface AppendStatement {
  name: string;
  text: string;
  /** How many placeholders the append's text numbers. */
  params: number;
}

interface Composed {
  name: string;
  text: string;
  /** Placeholders of each write, in order. */
  params: number[];
}

const composedByNames = new Map<string, Composed>();

/**
 * The append as the first part of one statement, each write a part after it, their
 * placeholders numbered after the append's; composed once per set of names.
 */
export function withAlongside(
  append: AppendStatement,
  appendValues: readonly unknown[],
  writes: readonly AlongsideWrite[],
): [{ name: string; text: string }, unknown[]] {
  const names = [append.name, ...writes.map((w) => w.name)].join(' ');
  let composed = composedByNames.get(names);
  if (!composed) {
    composed = compose(names, append, writes);
    composedByNames.set(names, composed);
  }

  const values = [...appendValues];
  for (const [i, write] of writes.entries()) {
    if (write.values.length !== composed.params[i]) {
      throw invalidAppend(`write ${write.name} has ${write.values.length} values for its text`);
    }
    values.push(...write.values);
  }
  return [{ name: composed.name, text: composed.text }, values];
}

function compose(names: string, append: AppendStatement, writes: readonly AlongsideWrite[]) {
  let offset = append.params;
  const params: number[] = [];
  const parts = writes.map((write, i) => {
    const shift = offset;
    const own = placeholdersOf(write.text);
    params.push(own);
    offset += own;
    const text = write.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`);
    return `alongside_${i} as (${text})`;
  });
  const digest = createHash('sha256').update(names).digest('hex').slice(0, 24);
  return {
    name: `hcts_es_along_${digest}`,
    text: `with appended as (${append.text}), ${parts.join(', ')}
    select position, transaction_id, version from appended`,
    params,
  };
}

function placeholdersOf(text: string): number {
  let highest = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}
