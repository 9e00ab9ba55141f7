import { STATUS_CODES } from 'node:http';
import type { Problem } from '@hcts/contracts';

/** Better Auth's own error answer: `{ code, message }` JSON, or nothing (an unknown route). */
interface AuthError {
  code?: unknown;
  message?: unknown;
}

// Better Auth's codes that concern one field of the body, and that field.
const fieldOf: Readonly<Record<string, string>> = Object.freeze({
  INVALID_EMAIL: 'email',
  PASSWORD_TOO_SHORT: 'password',
  PASSWORD_TOO_LONG: 'password',
});

// How Better Auth names a failing field in a validation message: `[body.email] Invalid input`.
const fieldIssue = /\[body\.([\w.]+)\]\s*([^;[]*)/g;

/**
 * An error answer of Better Auth as RFC 9457 problem details. `code` and `message` stay as
 * extension members, so Better Auth's clients (which read those two) keep working; a validation
 * message naming fields becomes `errors`. Returns undefined for anything that is not an error
 * answer of that shape, which passes through unchanged.
 */
export function problemOfAuthAnswer(
  status: number,
  contentType: string | null,
  body: Buffer,
  instance: string,
): (Problem & { message: string }) | undefined {
  if (status < 400) return undefined;
  const error = body.length === 0 ? {} : parsedError(contentType, body);
  if (!error) return undefined;

  const fallback = status === 404 ? 'GATEWAY_ROUTE_NOT_FOUND' : statusCode(status);
  const code = typeof error.code === 'string' && error.code ? error.code : fallback;
  const message =
    typeof error.message === 'string' && error.message ? error.message : title(status);
  const errors = fieldErrors(code, message);

  return {
    type: `https://hcts.dev/problems/auth/${code.toLowerCase().replaceAll('_', '-')}`,
    title: title(status),
    status,
    detail: message,
    code,
    message,
    instance,
    ...(errors.length > 0 ? { errors } : {}),
  };
}

function parsedError(contentType: string | null, body: Buffer): AuthError | undefined {
  if (!contentType?.startsWith('application/json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function fieldErrors(code: string, message: string): NonNullable<Problem['errors']> {
  const named = [...message.matchAll(fieldIssue)].map(([, field, text]) => ({
    field: field as string,
    message: (text ?? '').trim() || message,
  }));
  if (named.length > 0) return named;

  const field = fieldOf[code];
  return field ? [{ field, message, code }] : [];
}

function title(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function statusCode(status: number): string {
  return title(status)
    .toUpperCase()
    .replaceAll(/[^A-Z]+/g, '_');
}
