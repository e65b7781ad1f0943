import { describe, expect, it } from '@jest/globals';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI } from 'jose';
import { TokenSigner, TokenVerifier, generateKeyPairPem, identify } from '@shopgraph/auth';

describe('access tokens', () => {
  const keys = generateKeyPairPem();
  const signer = new TokenSigner(keys.privateKey, 'shopgraph');
  const verifier = new TokenVerifier(keys.publicKey, 'shopgraph');

  it('round-trips a customer token into an identity', async () => {
    const { token } = await signer.sign('c-1', { role: 'customer', email: 'a@b.c' }, 60);
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1', email: 'a@b.c' });
  });

  it('round-trips a staff token into an identity with its role', async () => {
    const { token } = await signer.sign('s-1', { role: 'staff', staffRole: 'SUPPORT' }, 60);
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'staff', staffId: 's-1', role: 'SUPPORT' });
  });

  it('rejects a staff token whose role is not a staff role', async () => {
    const token = await new SignJWT({ role: 'staff', staffRole: 'GOD' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('s-1')
      .setIssuer('shopgraph')
      .setExpirationTime('1m')
      .sign(await importPKCS8(keys.privateKey, 'ES256'));
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it.each([
    ['expired', async () => (await signer.sign('c-1', { role: 'customer' }, -10)).token],
    [
      'tampered',
      async () => {
        const { token } = await signer.sign('c-1', { role: 'customer' }, 60);
        const [h, p, s] = token.split('.');
        const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
        payload.sub = 'c-2';
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
    ],
    [
      'signed with another key',
      async () => (await new TokenSigner(generateKeyPairPem().privateKey, 'shopgraph').sign('c-1', { role: 'customer' }, 60)).token,
    ],
    ['from another issuer', async () => (await new TokenSigner(keys.privateKey, 'elsewhere').sign('c-1', { role: 'customer' }, 60)).token],
    [
      'with an unknown role',
      async () =>
        new SignJWT({ role: 'root' })
          .setProtectedHeader({ alg: 'ES256' })
          .setSubject('x')
          .setIssuer('shopgraph')
          .setExpirationTime('1m')
          .sign(await importPKCS8(keys.privateKey, 'ES256')),
    ],
  ])('rejects a token %s with UNAUTHENTICATED', async (_label, make) => {
    await expect(verifier.verify(await make())).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('accepts the service credential only when it matches exactly', async () => {
    const token = 'a-service-token-of-some-length';
    await expect(identify({ serviceToken: token, serviceName: 'order' }, verifier, token)).resolves.toEqual({
      kind: 'service',
      service: 'order',
    });
    await expect(identify({ serviceToken: `${token}x` }, verifier, token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(identify({}, verifier, token)).resolves.toEqual({ kind: 'anonymous' });
    await expect(identify({ authorization: 'Basic abc' }, verifier, token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

/** The verifier remembers verified tokens: bounded, never past `exp` nor past its maximum age. */
describe('verified-token cache', () => {
  const keys = generateKeyPairPem();
  const signer = new TokenSigner(keys.privateKey, 'shopgraph');

  /** A key resolver over `keys.publicKey` that counts how often a signature is really checked, and can withdraw the key. */
  async function countingResolver() {
    const key = await importSPKI(keys.publicKey, 'ES256');
    const resolver = Object.assign(
      async () => {
        resolver.calls++;
        if (resolver.withdrawn) throw new joseErrors.JWKSNoMatchingKey();
        return key;
      },
      { calls: 0, withdrawn: false },
    );
    return resolver;
  }

  it('verifies a token once and answers repeats from the cache', async () => {
    const resolver = await countingResolver();
    const verifier = new TokenVerifier(resolver, 'shopgraph');
    const { token } = await signer.sign('g-1', { role: 'guest' }, 600);
    for (let i = 0; i < 3; i++) await expect(verifier.verify(token)).resolves.toEqual({ kind: 'guest', guestId: 'g-1' });
    expect(resolver.calls).toBe(1);
  });

  it('does not accept a cached token once it has expired', async () => {
    let now = Date.now();
    const verifier = new TokenVerifier(keys.publicKey, 'shopgraph', { cacheMaxAgeMs: 3_600_000, now: () => now });
    const { token } = await signer.sign('c-1', { role: 'customer' }, 60);
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1' });
    now += 30_000;
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1' });
    now += 31_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('re-verifies after the maximum age, so a withdrawn key stops being honoured', async () => {
    let now = Date.now();
    const resolver = await countingResolver();
    const verifier = new TokenVerifier(resolver, 'shopgraph', { cacheMaxAgeMs: 10_000, now: () => now });
    const { token } = await signer.sign('c-1', { role: 'customer' }, 600);
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1' });
    resolver.withdrawn = true;
    now += 5_000;
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1' });
    now += 6_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(resolver.calls).toBe(2);
  });

  it('never answers a tampered token from the cache of the genuine one', async () => {
    const verifier = new TokenVerifier(keys.publicKey, 'shopgraph');
    const { token } = await signer.sign('c-1', { role: 'customer' }, 600);
    await verifier.verify(token);
    const [h, p, s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'staff', staffRole: 'OWNER' })).toString('base64url')}.${s}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verifier.verify(`${token}x`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('does not remember failures', async () => {
    const resolver = await countingResolver();
    const verifier = new TokenVerifier(resolver, 'shopgraph');
    const { token } = await signer.sign('c-1', { role: 'customer' }, 600);
    resolver.withdrawn = true;
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    resolver.withdrawn = false;
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1' });
  });

  it('is bounded: the least recently used token is forgotten first', async () => {
    const resolver = await countingResolver();
    const verifier = new TokenVerifier(resolver, 'shopgraph', { cacheSize: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(async (sub) => (await signer.sign(sub, { role: 'guest' }, 600)).token));
    await verifier.verify(a!);
    await verifier.verify(b!);
    await verifier.verify(a!); // a is now the most recently used
    await verifier.verify(c!); // evicts b
    expect(resolver.calls).toBe(3);
    await verifier.verify(a!);
    expect(resolver.calls).toBe(3);
    await verifier.verify(b!);
    expect(resolver.calls).toBe(4);
  });

  it('hands out copies, so a caller cannot alter the cached identity', async () => {
    const verifier = new TokenVerifier(keys.publicKey, 'shopgraph');
    const { token } = await signer.sign('c-1', { role: 'customer' }, 600);
    const first = (await verifier.verify(token)) as { kind: string; customerId: string };
    first.customerId = 'someone-else';
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1' });
  });
});
