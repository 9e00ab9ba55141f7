export { PaymentsConfig } from './config.ts';
export * from './domain/index.ts';
export type { PaymentsService, PaymentsServiceOptions } from './payments-service.ts';
export { buildPaymentsService } from './payments-service.ts';
