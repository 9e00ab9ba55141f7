import { loadConfig } from '@hcts/kit';
import { PaymentsConfig } from './config.ts';
import { buildPaymentsService } from './payments-service.ts';

const config = loadConfig(PaymentsConfig);
const payments = await buildPaymentsService({ config });
// Once started, SIGTERM or SIGINT stops it in order: requests, consumers, relay, then pools.
const { url } = await payments.start();
payments.service.app.log.info({ url }, 'payments listening');
