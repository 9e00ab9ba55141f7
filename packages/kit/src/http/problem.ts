import type { Problem } from '@hcts/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { statusOfCategory } from '../errors/categories.ts';
import type { FieldError } from '../errors/define-errors.ts';
import { isCatalogueError } from '../errors/define-errors.ts';
import { kitErrors } from '../errors/kit-errors.ts';
import { DatabaseFailures, databaseFailureOf } from '../postgres/database-errors.ts';

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
  414: 'URI Too Long',
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
 * Codes whose status is not their category's: a rate limit means "retry later" like any
 * `unavailable` error (so consumers treat it alike) but HTTP has its own status for it.
 */
const statusOfCode: Readonly<Record<string, number>> = Object.freeze({
  [kitErrors.KIT_RATE_LIMITED.code]: 429,
});

/**
 * Every error the app throws or Fastify raises becomes problem+json. Catalogue errors keep
 * their code and message; schema failures list each failing field; database outages are 503
 * and text the database refuses is 400, wherever they were thrown; Fastify's own 4xx keep their
 * status; anything else is a 500 whose body says nothing about internals.
 */
export function problemOfError(error: unknown, request: FastifyRequest): Problem {
  if (isCatalogueError(error)) {
    const status = statusOfCode[error.code] ?? statusOfCategory[error.category];
    const { code, message, fields } = error;
    return buildProblem({ status, code, detail: message, request, fields: fields ?? [] });
  }

  const fastifyError = error as Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = fastifyError.validationContext ?? 'input';
    const raised = kitErrors.KIT_REQUEST_INVALID({ part }, { fields: fieldsOf(error.validation) });
    return problemOfError(raised, request);
  }

  const database = databaseFailureOf(error);
  if (database === DatabaseFailures.unavailable) {
    return problemOfError(kitErrors.KIT_DATABASE_UNAVAILABLE({}, { cause: error }), request);
  }
  if (database === DatabaseFailures.badText) {
    return problemOfError(kitErrors.KIT_TEXT_UNSTORABLE({}, { cause: error }), request);
  }
  return problemOfFastifyError(fastifyError, request);
}

// Fastify's own errors, by code, with the problem each becomes.
const fastifyProblems: Readonly<Record<string, { status: number; code: string; detail: string }>> =
  Object.freeze({
    FST_ERR_CTP_BODY_TOO_LARGE: {
      status: 413,
      code: 'KIT_BODY_TOO_LARGE',
      detail: 'The request body is larger than this endpoint accepts',
    },
    FST_ERR_CTP_INVALID_MEDIA_TYPE: {
      status: 415,
      code: 'KIT_UNSUPPORTED_MEDIA_TYPE',
      detail: 'The request content type is not supported; send application/json',
    },
    FST_ERR_BAD_URL: {
      status: 400,
      code: kitErrors.KIT_URL_INVALID.code,
      detail: kitErrors.KIT_URL_INVALID.message,
    },
    FST_ERR_MAX_PARAM_LENGTH: {
      status: 414,
      code: 'KIT_PATH_PARAM_TOO_LONG',
      detail: 'A path parameter is longer than this service accepts',
    },
  });

function problemOfFastifyError(error: Partial<FastifyError>, request: FastifyRequest): Problem {
  const status = error.statusCode ?? 500;
  const known = error.code ? fastifyProblems[error.code] : undefined;
  if (known) return buildProblem({ ...known, request });
  if (status === 429) return problemOfError(kitErrors.KIT_RATE_LIMITED(), request);
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
