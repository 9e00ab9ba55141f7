export type { JwksServer } from './jwks-server.ts';
export { serveJwks } from './jwks-server.ts';
export type { TestCaller, TestTokenOptions, TestTokens } from './test-tokens.ts';
export { createTestTokens } from './test-tokens.ts';
