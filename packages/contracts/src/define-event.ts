import type { z } from 'zod';
import type { Context } from './topics.ts';
import { Topics } from './topics.ts';

export interface EventDefinition<
  TType extends string = string,
  TSchema extends z.ZodType = z.ZodType,
> {
  type: TType;
  context: Context;
  topic: string;
  /** The aggregate id inside the data: the Kafka key and the CloudEvents subject. */
  subjectOf: (data: z.infer<TSchema>) => string;
  schema: TSchema;
  description: string;
}

/** Names the event `hcts.<context>.<name>.v<version>` and places it on its context's topic. */
export function defineEvent<
  TSchema extends z.ZodType,
  const TName extends string,
  const TContext extends Context,
  const TVersion extends number,
>(spec: {
  context: TContext;
  name: TName;
  version: TVersion;
  schema: TSchema;
  subjectOf: (data: z.infer<TSchema>) => string;
  description: string;
}): EventDefinition<`hcts.${TContext}.${TName}.v${TVersion}`, TSchema> {
  return Object.freeze({
    type: `hcts.${spec.context}.${spec.name}.v${spec.version}` as const,
    context: spec.context,
    topic: Topics[spec.context],
    subjectOf: spec.subjectOf,
    schema: spec.schema,
    description: spec.description,
  });
}
