import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultUpstreamPorts, loadConfig } from './config.ts';

describe('gateway config', () => {
  it('defaults each service to its port in infra/stack.json', () => {
    const stack = JSON.parse(
      readFileSync(new URL('../../../infra/stack.json', import.meta.url), 'utf8'),
    ) as { services: Record<string, { port: number }> };

    for (const [name, port] of Object.entries(defaultUpstreamPorts)) {
      expect(stack.services[name]?.port, name).toBe(port);
    }
    expect(stack.services.gateway?.port).toBe(loadConfig({}).port);
  });

  it('lists every bad variable by name', () => {
    expect(() => loadConfig({ PORT: 'eighty', CATALOG_URL: 'nowhere' })).toThrow(
      /PORT[\s\S]*CATALOG_URL/,
    );
  });

  it('refuses the development secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/BETTER_AUTH_SECRET/);
  });

  it('runs every service unless GATEWAY_UPSTREAMS names the present ones', () => {
    expect(Object.keys(loadConfig({}).upstreams).sort()).toEqual(
      Object.keys(defaultUpstreamPorts).sort(),
    );

    const some = loadConfig({ GATEWAY_UPSTREAMS: 'catalog, trading', TRADING_URL: 'http://t:1' });
    expect(some.upstreams).toEqual({ catalog: 'http://127.0.0.1:8081', trading: 'http://t:1' });
  });

  it('refuses a service it does not know in GATEWAY_UPSTREAMS', () => {
    expect(() => loadConfig({ GATEWAY_UPSTREAMS: 'catalog,billing' })).toThrow(/billing/);
  });

  it('leaves the auth POST limit to the route table unless set', () => {
    expect(loadConfig({}).rateLimit.authPostAddressPerMinute).toBeUndefined();
    const raised = loadConfig({ AUTH_POST_ADDRESS_PER_MINUTE: '5000' });
    expect(raised.rateLimit.authPostAddressPerMinute).toBe(5000);
  });

  it('leaves the verify limit to the route table unless VERIFY_ADDRESS_PER_MINUTE is set', () => {
    expect(loadConfig({}).rateLimit.verifyAddressPerMinute).toBeUndefined();
    expect(loadConfig({ VERIFY_ADDRESS_PER_MINUTE: '600' }).rateLimit.verifyAddressPerMinute).toBe(
      600,
    );
    expect(() => loadConfig({ VERIFY_ADDRESS_PER_MINUTE: '0' })).toThrow(
      /VERIFY_ADDRESS_PER_MINUTE/,
    );
  });

  it('derives the digest salt from the secret unless SECURITY_DIGEST_SALT is set', () => {
    const derived = loadConfig({}).securityDigestSalt;

    expect(derived).not.toBe(loadConfig({}).authSecret);
    expect(loadConfig({ BETTER_AUTH_SECRET: 'x'.repeat(32) }).securityDigestSalt).not.toBe(derived);
    expect(loadConfig({ SECURITY_DIGEST_SALT: 'shared-salt-16-chars' }).securityDigestSalt).toBe(
      'shared-salt-16-chars',
    );
  });
});
