import { describe, expect, it } from '@jest/globals';
import { ModerationReason, ReviewStatus, autoModerate, moderationMachine, textFingerprint } from '../../src/domain/moderation.js';

const clean = { title: 'Sturdy and quiet', body: 'Arrived on time and does exactly what the page says.', repeatedText: false };

describe('moderation machine', () => {
  it('lets staff approve or reject a pending review, and only with a content reason to reject', () => {
    expect(moderationMachine.can(ReviewStatus.PENDING, ReviewStatus.APPROVED, 'staff', { reason: null })).toBe(true);
    expect(moderationMachine.refusal(ReviewStatus.PENDING, ReviewStatus.REJECTED, 'staff', { reason: null })).toBe(
      'A rejection needs a content reason',
    );
    expect(moderationMachine.can(ReviewStatus.PENDING, ReviewStatus.REJECTED, 'staff', { reason: ModerationReason.SPAM })).toBe(true);
  });

  it('sends every state back to PENDING on an edit by the author, and lets nobody else do it', () => {
    for (const from of Object.values(ReviewStatus)) {
      expect(moderationMachine.can(from, ReviewStatus.PENDING, 'author', { reason: null })).toBe(true);
      expect(moderationMachine.can(from, ReviewStatus.PENDING, 'staff', { reason: null })).toBe(false);
    }
  });

  it('lets only the automatic rules flag an approved review, and only staff clear or reject it', () => {
    expect(moderationMachine.can(ReviewStatus.APPROVED, ReviewStatus.FLAGGED, 'system', { reason: null })).toBe(true);
    expect(moderationMachine.can(ReviewStatus.APPROVED, ReviewStatus.FLAGGED, 'staff', { reason: null })).toBe(false);
    expect(moderationMachine.can(ReviewStatus.FLAGGED, ReviewStatus.APPROVED, 'system', { reason: null })).toBe(false);
    expect(moderationMachine.can(ReviewStatus.FLAGGED, ReviewStatus.APPROVED, 'staff', { reason: null })).toBe(true);
    expect(moderationMachine.can(ReviewStatus.APPROVED, ReviewStatus.APPROVED, 'staff', { reason: null })).toBe(false);
    expect(moderationMachine.can(ReviewStatus.REJECTED, ReviewStatus.REJECTED, 'staff', { reason: ModerationReason.PII })).toBe(false);
  });

  it('offers no reason about the stars: every reason is about content', () => {
    expect(Object.values(ModerationReason).sort()).toEqual(['NOT_A_CUSTOMER', 'OFF_TOPIC', 'PII', 'PROFANITY', 'SPAM']);
  });
});

describe('automatic rules', () => {
  it('publishes a clean verified review and holds an unverified one', () => {
    expect(autoModerate({ ...clean, verified: true })).toEqual({ decision: 'APPROVE', holds: [] });
    expect(autoModerate({ ...clean, verified: false })).toEqual({ decision: 'HOLD', holds: ['UNVERIFIED'] });
  });

  it('holds links, profanity, contact details and text posted before', () => {
    const verdict = (text: string, repeatedText = false) =>
      autoModerate({ verified: true, title: 'Review', body: text, repeatedText }).holds;
    expect(verdict('Cheaper at https://elsewhere.example/deal')).toEqual(['LINK']);
    expect(verdict('This is shit quality')).toEqual(['PROFANITY']);
    expect(verdict('Call me on +84 912 345 678 for details')).toEqual(['PII']);
    expect(verdict('Write to me at someone@example.org')).toContain('PII');
    expect(verdict('Fine product, nothing more to say', true)).toEqual(['REPEATED_TEXT']);
  });

  it('is symmetric in rating: it never sees the stars, so 1 and 5 star reviews with the same text end alike', () => {
    // The rules take no rating: whatever stars ride along, the verdict is the same.
    const oneStar = autoModerate({ ...clean, verified: true, ...{ rating: 1 } });
    const fiveStars = autoModerate({ ...clean, verified: true, ...{ rating: 5 } });
    expect(oneStar).toEqual(fiveStars);
  });

  it('fingerprints text regardless of case, spacing and punctuation', () => {
    expect(textFingerprint('Great!', 'Works   well.')).toBe(textFingerprint('great', 'works well'));
    expect(textFingerprint('Great', 'Works well')).not.toBe(textFingerprint('Great', 'Works badly'));
  });
});
