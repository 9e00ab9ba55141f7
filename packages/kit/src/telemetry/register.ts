// Entry for `node --import @hcts/kit/telemetry/register src/main.ts`: starts tracing from the
// standard OTEL_* variables before the service's modules (http, pg) are loaded, so that the
// instrumentations can patch them. Without an exporter named it does nothing.
import { startTelemetry } from './telemetry.ts';

startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'hcts' });
