import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('KITH_TRUST_PROXY', () => {
  it('is off when unset, and takes true, a hop count, or a list of addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ KITH_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ KITH_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ KITH_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ KITH_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(
      loadConfig({ KITH_TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1,fd00::/8,loopback' }).trustProxy,
    ).toEqual(['10.0.0.1', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback']);
  });

  it('names the variable and the entry it cannot read', () => {
    expect(refusal({ KITH_TRUST_PROXY: '10.0.0.1,proxy.local' })).toMatch(
      /^Invalid environment variable KITH_TRUST_PROXY: "proxy.local": each entry must be/,
    );
    expect(refusal({ KITH_TRUST_PROXY: '10.0.0.0/33' })).toMatch(/KITH_TRUST_PROXY: "10.0.0.0\/33"/);
    expect(refusal({ KITH_TRUST_PROXY: '101' })).toMatch(/KITH_TRUST_PROXY: a hop count/);
  });
});

describe('KITH_PUBLIC_URL', () => {
  it('is kept as an origin', () => {
    expect(loadConfig({}).publicUrl).toBeNull();
    expect(loadConfig({ KITH_PUBLIC_URL: 'https://crm.example.com/' }).publicUrl).toBe(
      'https://crm.example.com',
    );
    expect(loadConfig({ KITH_PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
  });

  it('refuses anything but an http(s) origin', () => {
    expect(refusal({ KITH_PUBLIC_URL: 'crm.example.com' })).toMatch(
      /KITH_PUBLIC_URL: must be an http\(s\) URL/,
    );
    expect(refusal({ KITH_PUBLIC_URL: 'ftp://crm.example.com' })).toMatch(/KITH_PUBLIC_URL/);
    expect(refusal({ KITH_PUBLIC_URL: 'https://crm.example.com/kith' })).toMatch(/origin only/);
    expect(refusal({ KITH_PUBLIC_URL: 'https://user:pw@crm.example.com' })).toMatch(/origin only/);
  });
});

describe('KITH_SEND_LEASE_SECONDS', () => {
  it('is two minutes unless set, in milliseconds, and refuses a lease too short to send in', () => {
    expect(loadConfig({}).sendLeaseMs).toBe(120_000);
    expect(loadConfig({ KITH_SEND_LEASE_SECONDS: '30' }).sendLeaseMs).toBe(30_000);
    expect(refusal({ KITH_SEND_LEASE_SECONDS: '1' })).toMatch(
      /^Invalid environment variable KITH_SEND_LEASE_SECONDS/,
    );
    expect(refusal({ KITH_SEND_LEASE_SECONDS: 'soon' })).toMatch(/KITH_SEND_LEASE_SECONDS/);
  });
});
