import { loadConfig } from '@hcts/kit';
import { PaymentsConfig } from './config.ts';
import { buildPaymentsService } from './payments-service.ts';

const config = loadConfig(PaymentsConfig);
const payments = await buildPaymentsService({ config });
const { url } = await payments.start();
payments.service.app.log.info({ url }, 'payments listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void payments.stop().then(() => process.exit(0)));
}
