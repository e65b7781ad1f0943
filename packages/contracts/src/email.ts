/** Email rules shared by the customer subgraph (accounts) and the order subgraph (guest checkout contact). */

/** Lower-cased, trimmed email: accounts are looked up case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a (normalized) email has a plausible shape; delivery is what really proves it. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}
