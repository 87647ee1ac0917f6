import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/core/errors.js';
import {
  checkWebhookUrl,
  refusedAddressReason,
  resolveDeliveryAddress,
  WebhookAddressRefusedError,
  type AddressPolicy,
} from '../../../src/server/webhooks/address-guard.js';

const strict: AddressPolicy = { allowPrivate: false, requireHttps: false };
const production: AddressPolicy = { allowPrivate: false, requireHttps: true };
const permissive: AddressPolicy = { allowPrivate: true, requireHttps: false };

describe('refusedAddressReason', () => {
  // [address, expected reason (a substring)]: every range of the table, first and last address
  // of several, so a wrong prefix length shows.
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fdff:ffff::1', 'unique local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['2001:2::1', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['192.0.0.8', 'IETF protocol'],
    ['192.88.99.1', '6to4 relay'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:0:a01:203', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b:1::1', 'NAT64'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::', 'private'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['100::1', 'discard-only'],
    ['2001::1', 'Teredo'],
    ['fec0::1', 'site-local'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['example.com', 'not an IP address'],
  ];
  it.each(refused)('refuses %s (%s)', (address, reason) => {
    expect(refusedAddressReason(address)).toContain(reason);
  });

  const allowed = [
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:2800:220:1::',
    '2606:2800:220:1:248:1893:25c8:1946',
    '2a00:1450:4001:80b::200e',
    '::ffff:93.184.216.34',
    '64:ff9b::8.8.8.8',
    '2002:5db8:d822::1',
  ];
  it.each(allowed)('allows %s', (address) => {
    expect(refusedAddressReason(address)).toBeNull();
  });
});

describe('checkWebhookUrl', () => {
  const refusal = (raw: string, policy: AddressPolicy = strict): string => {
    try {
      checkWebhookUrl(raw, policy);
    } catch (error) {
      expect(error).toBeInstanceOf(BadUserInputError);
      return (error as Error).message;
    }
    throw new Error(`${raw} was accepted`);
  };

  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://10.0.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0/', 'unspecified'],
    ['http://localhost:4000/', 'localhost'],
    ['http://LOCALHOST./', 'localhost'],
    ['http://api.localhost/', 'localhost'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
  ])('refuses %s while private addresses are off (%s)', (raw, reason) => {
    expect(refusal(raw)).toContain(reason);
    expect(checkWebhookUrl(raw, permissive).hostname).not.toBe('');
  });

  it.each([
    ['not a url', 'not an absolute URL'],
    ['/relative/path', 'not an absolute URL'],
    ['ftp://example.com/', 'scheme ftp'],
    ['file:///etc/passwd', 'scheme file'],
    ['javascript:alert(1)', 'scheme javascript'],
    ['https://user:pw@example.com/', 'credentials'],
    ['https://user@example.com/', 'credentials'],
    ['https://example.com/#frag', 'fragment'],
    ['https://example.com/#', 'fragment'],
    [`https://example.com/${'a'.repeat(2_048)}`, 'longer than 2048'],
  ])('refuses %s under any policy (%s)', (raw, reason) => {
    expect(refusal(raw, strict)).toContain(reason);
    expect(refusal(raw, permissive)).toContain(reason);
  });

  it('refuses http when https is required, and accepts https', () => {
    expect(refusal('http://example.com/hook', production)).toContain('only https');
    expect(checkWebhookUrl('https://example.com/hook?x=1', production).href).toBe('https://example.com/hook?x=1');
  });

  it('accepts public hosts and addresses', () => {
    expect(checkWebhookUrl('http://93.184.216.34/h', strict).hostname).toBe('93.184.216.34');
    expect(checkWebhookUrl('https://[2606:2800:220:1::]/h', production).hostname).toBe('[2606:2800:220:1::]');
    expect(checkWebhookUrl('https://hooks.example.com:8443/in', production).port).toBe('8443');
    expect(checkWebhookUrl(`https://example.com/${'a'.repeat(2_000)}`, production).hostname).toBe('example.com');
  });
});

describe('resolveDeliveryAddress', () => {
  const answers =
    (...addresses: string[]) =>
    async (): Promise<LookupAddress[]> =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  const reason = async (promise: Promise<unknown>): Promise<string> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebhookAddressRefusedError);
    return (error as WebhookAddressRefusedError).reason;
  };

  it('returns the first address of a public answer, asking for all addresses verbatim', async () => {
    const asked: unknown[] = [];
    const lookup = async (host: string, options: unknown): Promise<LookupAddress[]> => {
      asked.push(host, options);
      return answers('2606:2800:220:1::', '93.184.216.34')();
    };
    await expect(resolveDeliveryAddress(new URL('https://hooks.example.com/'), production, lookup)).resolves.toEqual({
      address: '2606:2800:220:1::',
      family: 6,
    });
    expect(asked).toEqual(['hooks.example.com', { all: true, verbatim: true }]);
  });

  it('refuses a host resolving to a public and a private address, whichever comes first', async () => {
    const url = new URL('https://rebind.example.com/');
    expect(await reason(resolveDeliveryAddress(url, strict, answers('93.184.216.34', '10.0.0.5')))).toContain('10.0.0.5');
    expect(await reason(resolveDeliveryAddress(url, strict, answers('::ffff:127.0.0.1', '93.184.216.34')))).toContain(
      'loopback',
    );
  });

  it('accepts private answers when allowed', async () => {
    await expect(
      resolveDeliveryAddress(new URL('http://receiver.test/'), permissive, answers('127.0.0.1')),
    ).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('judges IP literals without DNS, and the URL rules again', async () => {
    const noLookup = async (): Promise<LookupAddress[]> => {
      throw new Error('no lookup expected');
    };
    expect(await reason(resolveDeliveryAddress(new URL('http://169.254.169.254/'), strict, noLookup))).toContain(
      'metadata',
    );
    await expect(resolveDeliveryAddress(new URL('http://[::1]:9/'), permissive, noLookup)).resolves.toEqual({
      address: '::1',
      family: 6,
    });
    expect(await reason(resolveDeliveryAddress(new URL('http://example.com/'), production, noLookup))).toContain(
      'only https',
    );
    expect(await reason(resolveDeliveryAddress(new URL('http://localhost/'), strict, noLookup))).toContain('localhost');
  });

  it('passes DNS failures through as they are', async () => {
    const failing = async (): Promise<LookupAddress[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
    };
    await expect(resolveDeliveryAddress(new URL('https://nowhere.example/'), strict, failing)).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});
