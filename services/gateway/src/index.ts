export type { GatewayConfig } from './config.ts';
export { loadConfig } from './config.ts';
export type { Gateway } from './gateway.ts';
export { createGateway, createLogger } from './gateway.ts';
