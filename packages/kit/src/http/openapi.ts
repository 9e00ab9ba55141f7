import { Problem } from '@hcts/contracts';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type TransformOutput = ReturnType<typeof jsonSchemaTransform>;

const problemSchema = z.toJSONSchema(Problem, { target: 'draft-2020-12', io: 'output' });
const { $schema: _dialect, ...problemJson } = problemSchema;

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemJson } } };
}

/**
 * zod route schemas to OpenAPI, plus the problem+json answers every route can give (`4XX`,
 * `5XX`), so that a client generated from the document knows the error shape.
 */
export function openApiTransform(input: TransformInput): TransformOutput {
  const output = jsonSchemaTransform(input);
  const schema = (output.schema ?? {}) as { response?: Record<string, unknown> };
  const response = {
    '4XX': problemResponse('The request was refused; `code` says why'),
    '5XX': problemResponse('The service failed or is unavailable'),
    ...schema.response,
  };
  return { ...output, schema: { ...schema, response } } as TransformOutput;
}
