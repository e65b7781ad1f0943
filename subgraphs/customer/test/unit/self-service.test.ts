import { describe, expect, it } from '@jest/globals';
import { erasedIdentity } from '../../src/domain/erasure.js';
import { verifyPassword } from '../../src/domain/password.js';
import { mayIssueReset, resetLink, resetTokenProblem } from '../../src/domain/password-reset.js';
import { passwordResetTemplate } from '../../src/mail/password-reset.template.js';

const now = new Date('2026-12-05T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('reset token rules', () => {
  it('a token works once and only before it expires', () => {
    expect(resetTokenProblem({ expiresAt: later(1), usedAt: null }, now)).toBeNull();
    expect(resetTokenProblem({ expiresAt: later(0), usedAt: null }, now)).toBe('EXPIRED');
    expect(resetTokenProblem({ expiresAt: later(-60_000), usedAt: null }, now)).toBe('EXPIRED');
    expect(resetTokenProblem({ expiresAt: later(60_000), usedAt: later(-1) }, now)).toBe('USED');
    expect(resetTokenProblem(null, now)).toBe('UNKNOWN');
  });

  it('allows up to the hourly limit of mails per account', () => {
    expect([0, 1, 2, 3, 4].map((sent) => mayIssueReset(sent, 3))).toEqual([true, true, true, false, false]);
  });

  it('puts the token in the link as a query parameter, keeping the page own parameters', () => {
    expect(resetLink('https://shop.example/account/reset?lang=vi', 'abc_-9')).toBe(
      'https://shop.example/account/reset?lang=vi&token=abc_-9',
    );
  });
});

describe('password reset mail', () => {
  it('carries the link in both parts and escapes the name in the HTML part', () => {
    const link = 'https://shop.example/reset?lang=vi&token=abc';
    const mail = passwordResetTemplate({ firstName: '<img src=x onerror=alert(1)>', link, validMinutes: 30 });
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('within 30 minutes');
    expect(mail.html.markup).toContain('href="https://shop.example/reset?lang=vi&amp;token=abc"');
    expect(mail.html.markup).toContain('Hello &lt;img src=x onerror=alert(1)&gt;,');
    expect(mail.html.markup).not.toContain('<img');
  });
});

describe('erased identity', () => {
  it('keeps nothing of the person, stays unique per account and matches no password', async () => {
    const erased = erasedIdentity('4a2c0946-5f8f-4fba-89cd-2c44fc8b2cc9');
    expect(erased).toEqual({
      email: 'deleted-4a2c0946-5f8f-4fba-89cd-2c44fc8b2cc9@deleted.invalid',
      firstName: 'Deleted',
      lastName: 'Customer',
      passwordHash: 'erased',
    });
    expect(erasedIdentity('other').email).not.toBe(erased.email);
    expect(await verifyPassword('', erased.passwordHash)).toBe(false);
    expect(await verifyPassword('erased', erased.passwordHash)).toBe(false);
  });
});
