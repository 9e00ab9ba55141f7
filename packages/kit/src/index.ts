export type { BurstOptions, Bursts } from './coalesce/coalesce-bursts.ts';
export { coalesceBursts } from './coalesce/coalesce-bursts.ts';
export type { LogLevel, TrustProxy } from './config/common-config.ts';
export {
  baseConfig,
  databaseConfig,
  kafkaConfig,
  LogLevels,
  portVar,
  redisConfig,
  trustProxyVar,
} from './config/common-config.ts';
export type { ConfigProblem } from './config/load-config.ts';
export { ConfigError, loadConfig, parseConfig } from './config/load-config.ts';
export type { FailureAction } from './errors/categories.ts';
export { FailureActions, failureActionOf, statusOfCategory } from './errors/categories.ts';
export type {
  CatalogueError,
  ErrorCatalogue,
  ErrorFactory,
  ErrorSpec,
  FieldError,
  RaiseExtra,
} from './errors/define-errors.ts';
export {
  AppError,
  defineErrors,
  isAppError,
  isCatalogueError,
  renderTemplate,
} from './errors/define-errors.ts';
export { kitErrors } from './errors/kit-errors.ts';
export type { Closer, Service, ServiceApp, ServiceOptions } from './http/create-service.ts';
export { createService } from './http/create-service.ts';
export type { ReadinessCheck, ReadinessReport } from './http/health.ts';
export { createLogger, redactPaths } from './http/logger-options.ts';
export { createMetricsRegistry, observeHttpRequests } from './http/metrics.ts';
export { problemContentType, problemType } from './http/problem.ts';
export { correlationHeader, requestIdHeader } from './http/request-context.ts';
export { RequestLog } from './http/request-log.ts';
export { runService } from './http/run-service.ts';
export type { Database, DatabaseHandle, DatabaseOptions } from './postgres/create-database.ts';
export { createDatabase } from './postgres/create-database.ts';
export type { DatabaseFailure } from './postgres/database-errors.ts';
export { DatabaseFailures, databaseFailureOf } from './postgres/database-errors.ts';
export type { Migration, MigrationReport, MigrationSource } from './postgres/migrations.ts';
export { migrateDown, migrateToLatest } from './postgres/migrations.ts';
export { parseSafeBigint, UnsafeBigintError } from './postgres/safe-bigint.ts';
