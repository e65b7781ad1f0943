/** A stored reset token as the rules see it. */
export interface ResetTokenState {
  expiresAt: Date;
  usedAt: Date | null;
}

/** Why a presented reset token cannot be used; null when it can. */
export type ResetTokenProblem = 'UNKNOWN' | 'USED' | 'EXPIRED' | null;

/** Judges a presented reset token: it works once, and only before it expires. */
export function resetTokenProblem(token: ResetTokenState | null, now: Date): ResetTokenProblem {
  if (!token) return 'UNKNOWN';
  if (token.usedAt) return 'USED';
  if (token.expiresAt <= now) return 'EXPIRED';
  return null;
}

/** Whether another reset mail may go out, given how many were sent to the account within the last hour. */
export function mayIssueReset(sentLastHour: number, maxPerHour: number): boolean {
  return sentLastHour < maxPerHour;
}

/** The link of a reset mail: the frontend page with the token as its `token` parameter. */
export function resetLink(pageUrl: string, token: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
