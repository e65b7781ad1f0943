/** At most `max` actions of one customer within `windowSeconds`. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Whether one more action is allowed given the times of the customer's earlier actions; when it
 * is not, how long until the oldest action in the window leaves it.
 */
export function rateLimitVerdict(
  earlier: readonly Date[],
  now: Date,
  limit: RateLimit,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowStart = now.getTime() - limit.windowSeconds * 1000;
  const inWindow = earlier.map((d) => d.getTime()).filter((t) => t > windowStart);
  if (inWindow.length < limit.max) return { allowed: true };
  const oldest = Math.min(...inWindow);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + limit.windowSeconds * 1000 - now.getTime()) / 1000)) };
}
