import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, exportJWK, importPKCS8, importSPKI } from 'jose';
import { generateKeyPairPem } from '@shopgraph/auth';
import { tokenVerifier } from '../src/edge/keys.js';

const ISSUER = 'shopgraph';

async function signer(kid: string) {
  const pair = generateKeyPairPem();
  const privateKey = await importPKCS8(pair.privateKey, 'ES256');
  const jwk = { ...(await exportJWK(await importSPKI(pair.publicKey, 'ES256', { extractable: true }))), alg: 'ES256', use: 'sig', kid };
  const sign = (sub: string) =>
    new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  return { jwk, sign };
}

/** The gateway's JWKS verification: cached, refetched when a token names an unknown key. */
describe('JWKS key source', () => {
  let keys: object[] = [];
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('caches the key set and picks up a rotated key on an unknown kid', async () => {
    const first = await signer('key-1');
    const second = await signer('key-2');
    keys = [first.jwk];
    const verifier = tokenVerifier({ kind: 'jwks', url, cacheMaxAgeSeconds: 600, cooldownSeconds: 0 }, ISSUER);

    expect(await verifier.verify(await first.sign('c1'))).toEqual({ kind: 'customer', customerId: 'c1' });
    expect(await verifier.verify(await first.sign('c2'))).toEqual({ kind: 'customer', customerId: 'c2' });
    expect(fetches).toBe(1);

    // The signer rotates: the published set now holds the new key (and still the old one).
    keys = [first.jwk, second.jwk];
    expect(await verifier.verify(await second.sign('c3'))).toEqual({ kind: 'customer', customerId: 'c3' });
    expect(fetches).toBe(2);

    // A key that was never published is refused, after one more look at the set.
    const stranger = await signer('key-3');
    await expect(verifier.verify(await stranger.sign('c4'))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(fetches).toBe(3);
  });

  it('does not refetch within the cooldown', async () => {
    const only = await signer('key-a');
    keys = [only.jwk];
    const before = fetches;
    const verifier = tokenVerifier({ kind: 'jwks', url, cacheMaxAgeSeconds: 600, cooldownSeconds: 60 }, ISSUER);
    await verifier.verify(await only.sign('c1'));
    const unknown = await signer('key-b');
    await expect(verifier.verify(await unknown.sign('c2'))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verifier.verify(await unknown.sign('c3'))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(fetches - before).toBe(1);
  });

  it('reports an unreachable key set as a server failure, not as a bad token', async () => {
    const verifier = tokenVerifier(
      { kind: 'jwks', url: 'http://127.0.0.1:1/.well-known/jwks.json', cacheMaxAgeSeconds: 600, cooldownSeconds: 0 },
      ISSUER,
    );
    const token = await (await signer('key-x')).sign('c1');
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(String(error)).toMatch(/fetch failed/);
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBeUndefined();
  });
});
