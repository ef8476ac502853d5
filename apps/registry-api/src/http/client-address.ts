import { isIP } from 'node:net';
import type { Request } from 'express';

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const IPV6_WITH_PORT = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i;
const IPV4_PADDED = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The client's address in one canonical form, for counting it (the rate limit, the concern
 * throttles): `req.ip` is the nearest address that is not a trusted proxy, and so may come from
 * X-Forwarded-For as a proxy wrote it. One client must be one key however it is written: a port
 * (`10.9.9.10:1234`, `[2001:db8::1]:443`, as some proxies add), zeros before a number
 * (`010.009.009.010`, read as decimal, as the proxy meant it) and the IPv4-mapped IPv6 form
 * (`::ffff:10.9.9.10`) are removed. What is still no address is counted as the peer that sent it
 * (the trusted proxy), so that garbage shares one budget rather than getting a new one each time.
 */
export function clientAddress(req: Request): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  return canonicalAddress(req.ip ?? peer) ?? canonicalAddress(peer) ?? peer;
}

/** `value` as one canonical IPv4 or IPv6 address, or null when it is none. */
export function canonicalAddress(value: string): string | null {
  let address = value.trim();
  address = IPV4_WITH_PORT.exec(address)?.[1] ?? IPV6_WITH_PORT.exec(address)?.[1] ?? address;
  address = IPV4_MAPPED.exec(address)?.[1] ?? address;
  if (IPV4_PADDED.test(address)) {
    const octets = address.split('.').map((octet) => Number.parseInt(octet, 10));
    if (octets.some((octet) => octet > 255)) return null;
    return octets.join('.');
  }
  return isIP(address) === 6 ? address.toLowerCase() : null;
}
