/** What the gateway needs from the outside world, named in its own words. */

export const SecurityEventTypes = Object.freeze({
  loginFailed: 'auth.login-failed',
  lockout: 'auth.lockout',
  unlock: 'auth.unlock',
  totpReplay: 'auth.totp-replayed',
  rateLimited: 'gateway.rate-limited',
  forbidden: 'gateway.forbidden',
  tokenRefused: 'gateway.token-refused',
} as const);
export type SecurityEventType = (typeof SecurityEventTypes)[keyof typeof SecurityEventTypes];

export interface SecurityEvent {
  type: SecurityEventType;
  /** A user id, an organization id or a salted digest of an email; never an email itself. */
  subject?: string | undefined;
  address?: string | undefined;
  details?: Record<string, string | number | boolean> | undefined;
  /** Alike occurrences this record stands for (a coalesced burst); 1 when absent. */
  count?: number | undefined;
}

export interface SecurityEvents {
  record(event: SecurityEvent): Promise<void>;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** A fixed name of the template, for logs (the body and address are never logged). */
  template: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}
