export { activeTelemetry } from './active.ts';
export type { InMemoryTelemetry, Telemetry, TelemetryOptions } from './telemetry.ts';
export { startInMemoryTelemetry, startTelemetry } from './telemetry.ts';
export type { CarrierHeaders, TraceHeaders } from './trace-context.ts';
export {
  currentTraceHeaders,
  extractContext,
  withExtractedContext,
  withSpan,
} from './trace-context.ts';
