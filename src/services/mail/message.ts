// What callers hand the mail service: one recipient, a subject, and both parts of the body.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** overrides the provider's default_from_address */
  from?: string;
}

/** A header value must stay on one line: CR, LF and other control characters would start a new header. */
export function isHeaderSafe(value: string): boolean {
  return !/[\u0000-\u001f\u007f]/.test(value);
}
