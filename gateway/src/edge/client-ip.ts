import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Decides whether the peer at hop `i` (0 = the socket peer) may speak for the client. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * Compiles a `TRUST_PROXY` value the way Express reads "trust proxy": `true`/`false`, a hop count,
 * or comma-separated addresses, subnets and the names `loopback`, `linklocal`, `uniquelocal`.
 */
export function compileTrustProxy(value: string): TrustProxy {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'true') return () => true;
  if (trimmed === 'false' || trimmed === '') return () => false;
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(
    trimmed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/**
 * The client's address: the socket peer, or the nearest `X-Forwarded-For` entry not vouched for
 * by a trusted proxy. IPv4-mapped IPv6 addresses are written as plain IPv4.
 */
export function clientIp(request: IncomingMessage, trust: TrustProxy): string {
  const address = proxyaddr(request as Parameters<typeof proxyaddr>[0], trust);
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
