import { describe, expect, it } from '@jest/globals';
import { SignJWT, importPKCS8 } from 'jose';
import { TokenSigner, TokenVerifier, generateKeyPairPem, identify } from '@shopgraph/auth';

describe('access tokens', () => {
  const keys = generateKeyPairPem();
  const signer = new TokenSigner(keys.privateKey, 'shopgraph');
  const verifier = new TokenVerifier(keys.publicKey, 'shopgraph');

  it('round-trips a customer token into an identity', async () => {
    const { token } = await signer.sign('c-1', { role: 'customer', email: 'a@b.c' }, 60);
    await expect(verifier.verify(token)).resolves.toEqual({ kind: 'customer', customerId: 'c-1', email: 'a@b.c' });
  });

  it.each([
    ['expired', async () => (await signer.sign('c-1', { role: 'customer' }, -10)).token],
    ['tampered', async () => {
      const { token } = await signer.sign('c-1', { role: 'customer' }, 60);
      const [h, p, s] = token.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      payload.sub = 'c-2';
      return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    }],
    ['signed with another key', async () => (await new TokenSigner(generateKeyPairPem().privateKey, 'shopgraph').sign('c-1', { role: 'customer' }, 60)).token],
    ['from another issuer', async () => (await new TokenSigner(keys.privateKey, 'elsewhere').sign('c-1', { role: 'customer' }, 60)).token],
    ['with an unknown role', async () =>
      new SignJWT({ role: 'root' }).setProtectedHeader({ alg: 'ES256' }).setSubject('x').setIssuer('shopgraph').setExpirationTime('1m').sign(await importPKCS8(keys.privateKey, 'ES256'))],
  ])('rejects a token %s with UNAUTHENTICATED', async (_label, make) => {
    await expect(verifier.verify(await make())).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('accepts the service credential only when it matches exactly', async () => {
    const token = 'a-service-token-of-some-length';
    await expect(identify({ serviceToken: token, serviceName: 'order' }, verifier, token)).resolves.toEqual({ kind: 'service', service: 'order' });
    await expect(identify({ serviceToken: `${token}x` }, verifier, token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(identify({}, verifier, token)).resolves.toEqual({ kind: 'anonymous' });
    await expect(identify({ authorization: 'Basic abc' }, verifier, token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
