import { activeTelemetry } from '@hcts/kit/telemetry';
import { loadConfig } from './config.ts';
import { createGateway, createLogger } from './gateway.ts';

const log = createLogger();
const config = loadConfig();
const gateway = await createGateway(config, log);
await gateway.app.listen({ host: config.host, port: config.port });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'gateway stopping');
    // Spans still buffered leave before the process does (telemetry is on only when asked).
    void gateway
      .close()
      .then(() => activeTelemetry()?.shutdown())
      .then(() => process.exit(0));
  });
}
