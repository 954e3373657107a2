import { BlockList, isIP } from 'node:net';
import { AppError } from '../../shared/errors.ts';

/** Loopback, private, link-local, carrier-grade NAT, unique-local and unspecified ranges: never fetched. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/**
 * Whether feeds on loopback and private networks may be fetched: KITH_ALLOW_PRIVATE_URLS=1, for tests and a
 * calendar server on the same network. Read at each check (not at start-up) so a test can set it.
 */
export const allowsPrivateUrls = () => process.env.KITH_ALLOW_PRIVATE_URLS === '1';

/** Whether an IP address (v4, v6, or v4-mapped v6) is on loopback or a private network. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refuse = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

/**
 * Checks a feed URL before anything is stored or fetched: http(s) only, and (unless allowed) not a literal
 * loopback or private address nor `localhost`. The job checks again what a host name resolves to.
 */
export function assertFeedUrl(value: string, field = 'body.url'): URL {
  let url: URL;
  try {
    url = new URL(value.trim().replace(/^webcals?:/i, 'https:'));
  } catch {
    throw refuse(field, 'must be a web address (http or https)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw refuse(field, 'must be an http or https address');
  if (url.username || url.password) throw refuse(field, 'must not carry a user name or password');
  if (allowsPrivateUrls()) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const isLocalName = host === 'localhost' || host.endsWith('.localhost');
  if (isLocalName || (isIP(host) !== 0 && isPrivateAddress(host))) {
    throw refuse(field, 'must not point to a loopback or private network address');
  }
  return url;
}
