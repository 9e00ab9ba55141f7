import type { Logger, LoggerOptions } from 'pino';
import { pino } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear at the top level or one level
 * down: secrets and tokens, and the personal data the platform holds (emails, names, phones).
 */
export const redactedKeys = Object.freeze([
  'password',
  'passwordHash',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'authorization',
  'cookie',
  'email',
  'phone',
  'firstName',
  'lastName',
  'fullName',
  'givenName',
  'familyName',
  'displayName',
]);

const headerPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

export const redactPaths: readonly string[] = Object.freeze([
  ...redactedKeys,
  ...redactedKeys.map((key) => `*.${key}`),
  ...headerPaths,
]);

export function loggerOptions(input: {
  service: string;
  level: string;
  stream?: NodeJS.WritableStream;
}): LoggerOptions & { stream?: NodeJS.WritableStream } {
  return {
    level: input.level,
    base: { service: input.service },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: [...redactPaths], censor: '[redacted]' },
    ...(input.stream ? { stream: input.stream } : {}),
  };
}

/**
 * A logger configured like the services' request loggers (same redaction, fields, levels), for
 * the parts of a service that run outside a request: consumers, relays, schedulers.
 */
export function createLogger(input: {
  service: string;
  level: string;
  stream?: NodeJS.WritableStream;
}): Logger {
  const options = loggerOptions({ service: input.service, level: input.level });
  return input.stream ? pino(options, input.stream) : pino(options);
}
