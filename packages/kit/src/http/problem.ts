import type { Problem } from '@hcts/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { statusOfCategory } from '../errors/categories.ts';
import type { FieldError } from '../errors/define-errors.ts';
import { isCatalogueError } from '../errors/define-errors.ts';
import { kitErrors } from '../errors/kit-errors.ts';

export const problemContentType = 'application/problem+json; charset=utf-8';

const titles: Readonly<Record<number, string>> = Object.freeze({
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
});

/** The problem `type` of a code: a URN, so that no host has to serve documentation for it. */
export function problemType(code: string): string {
  return `urn:hcts:problem:${code}`;
}

export function buildProblem(input: {
  status: number;
  code: string;
  detail: string;
  request: FastifyRequest;
  fields?: readonly FieldError[];
}): Problem {
  const problem: Problem = {
    type: problemType(input.code),
    title: titles[input.status] ?? 'Error',
    status: input.status,
    code: input.code,
    detail: input.detail,
    instance: input.request.url.split('?')[0],
    traceId: input.request.traceId,
  };
  if (input.fields && input.fields.length > 0) problem.errors = [...input.fields];
  return problem;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(problemContentType).send(problem);
}

/**
 * Every error the app throws or Fastify raises becomes problem+json. Catalogue errors keep
 * their code and message; schema failures list each failing field; Fastify's own 4xx keep their
 * status under a generic code; anything else is a 500 whose body says nothing about internals.
 */
export function problemOfError(error: unknown, request: FastifyRequest): Problem {
  if (isCatalogueError(error)) {
    const status = statusOfCategory[error.category];
    const { code, message, fields } = error;
    return buildProblem({ status, code, detail: message, request, fields: fields ?? [] });
  }

  const fastifyError = error as Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = fastifyError.validationContext ?? 'input';
    const raised = kitErrors.KIT_REQUEST_INVALID({ part }, { fields: fieldsOf(error.validation) });
    return problemOfError(raised, request);
  }

  return problemOfFastifyError(fastifyError, request);
}

function problemOfFastifyError(error: Partial<FastifyError>, request: FastifyRequest): Problem {
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const detail = 'The request body is larger than this endpoint accepts';
    return buildProblem({ status: 413, code: 'KIT_BODY_TOO_LARGE', detail, request });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const detail = 'The request content type is not supported; send application/json';
    return buildProblem({ status: 415, code: 'KIT_UNSUPPORTED_MEDIA_TYPE', detail, request });
  }
  if (status === 400 && (error.name === 'SyntaxError' || error.code?.startsWith('FST_ERR_CTP'))) {
    return problemOfError(kitErrors.KIT_BODY_MALFORMED(), request);
  }
  if (status >= 400 && status < 500) {
    const { message } = kitErrors.KIT_BAD_REQUEST();
    return buildProblem({ status, code: kitErrors.KIT_BAD_REQUEST.code, detail: message, request });
  }

  const { message } = kitErrors.KIT_INTERNAL();
  return buildProblem({ status: 500, code: 'KIT_INTERNAL', detail: message, request });
}

interface ZodIssueLike {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Field paths in dotted form (`lines.0.quantity`). An unknown key is reported at the key itself,
 * not at its parent object, so that the client sees which key to drop.
 */
export function fieldsOf(issues: readonly ZodIssueLike[]): FieldError[] {
  return issues.flatMap((issue) => {
    const parent = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      return issue.params.keys.map((key) => ({
        field: [...parent, String(key)].join('.'),
        message: 'unknown key',
        code: issue.keyword,
      }));
    }
    const message = issue.message ?? 'invalid';
    return [{ field: parent.join('.') || '(root)', message, code: issue.keyword }];
  });
}
