import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { compileTrustedPeers, requestClientIp } from '../src/client-ip.js';

function request(peer: string | undefined, forwarded?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-client-ip': forwarded },
  } as unknown as IncomingMessage;
}

/** Issue 4: per-IP limits key on an address a direct caller cannot choose. */
describe('client IP behind the gateway', () => {
  const defaults = compileTrustedPeers('loopback,uniquelocal');

  it('believes x-client-ip from a trusted peer (the gateway on loopback or a private network)', () => {
    expect(requestClientIp(request('127.0.0.1', '203.0.113.7'), defaults)).toBe('203.0.113.7');
    expect(requestClientIp(request('::ffff:10.1.2.3', '203.0.113.7'), defaults)).toBe('203.0.113.7');
    expect(requestClientIp(request('172.18.0.5', ' 198.51.100.2 '), defaults)).toBe('198.51.100.2');
  });

  it('ignores x-client-ip from any other peer and keys on the peer itself', () => {
    expect(requestClientIp(request('198.51.100.9', '127.0.0.1'), defaults)).toBe('198.51.100.9');
    expect(requestClientIp(request('::ffff:198.51.100.9', '10.0.0.1'), defaults)).toBe('198.51.100.9');
  });

  it('uses the peer when the header is missing or empty', () => {
    expect(requestClientIp(request('127.0.0.1'), defaults)).toBe('127.0.0.1');
    expect(requestClientIp(request('127.0.0.1', '  '), defaults)).toBe('127.0.0.1');
  });

  it('believes nobody when configured empty, and exactly the listed gateway otherwise', () => {
    expect(requestClientIp(request('127.0.0.1', '203.0.113.7'), compileTrustedPeers(''))).toBe('127.0.0.1');
    const onlyGateway = compileTrustedPeers('10.0.0.2');
    expect(requestClientIp(request('10.0.0.2', '203.0.113.7'), onlyGateway)).toBe('203.0.113.7');
    expect(requestClientIp(request('10.0.0.3', '203.0.113.7'), onlyGateway)).toBe('10.0.0.3');
  });
});
