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
});
