/** Password policy bounds. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Problems of a candidate password against the policy, as messages; empty when it is acceptable. */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`Password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`Password must have at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) problems.push('Password must contain letters and digits');
  const local = email.split('@')[0] ?? '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) problems.push('Password must not contain the email name');
  return problems;
}
