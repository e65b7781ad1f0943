import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { CLIENT_IP_HEADER } from './headers.js';

/** Whether a socket peer may report the client's address. */
export type TrustedPeer = (address: string) => boolean;

/**
 * Compiles `CLIENT_IP_TRUSTED_PEERS`: comma-separated addresses, subnets and the names `loopback`,
 * `linklocal`, `uniquelocal` (private networks) of the peers — the gateway — whose `x-client-ip`
 * header is believed. An empty value believes nobody.
 */
export function compileTrustedPeers(value: string): TrustedPeer {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return () => false;
  const trust = proxyaddr.compile(entries);
  return (address) => trust(address, 0);
}

/** IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) written as plain IPv4. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The caller's address: the `x-client-ip` header when the socket peer is a trusted gateway, else
 * the socket peer itself. A client that reaches a subgraph directly cannot choose the address that
 * keys per-IP limits such as login throttling.
 */
export function requestClientIp(request: IncomingMessage, trusted: TrustedPeer): string {
  const peer = plain(request.socket.remoteAddress ?? 'unknown');
  const raw = request.headers[CLIENT_IP_HEADER];
  const forwarded = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return forwarded && peer !== 'unknown' && trusted(peer) ? forwarded : peer;
}
