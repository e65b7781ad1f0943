/** Failed sign-ins allowed per account within one window before it is locked until the window ends. */
export const MAX_FAILED_LOGINS = 5;
/** Length of the failed sign-in window. */
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** The failed sign-in record of an account. */
export interface FailedLogins {
  count: number;
  windowStartedAt: Date | null;
}

function windowOpen(record: FailedLogins, now: Date): boolean {
  return record.windowStartedAt !== null && now.getTime() - record.windowStartedAt.getTime() < FAILED_LOGIN_WINDOW_MS;
}

/** Whether sign-in is refused outright: too many failures within the current window. */
export function isLockedOut(record: FailedLogins, now: Date): boolean {
  return windowOpen(record, now) && record.count >= MAX_FAILED_LOGINS;
}

/** The record after one more failure: counted in the open window, or starting a new one. */
export function afterFailure(record: FailedLogins, now: Date): FailedLogins {
  return windowOpen(record, now) ? { count: record.count + 1, windowStartedAt: record.windowStartedAt } : { count: 1, windowStartedAt: now };
}
