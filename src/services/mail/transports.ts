// Delivery of one message: through the tenant's SMTP provider, or into DATA_DIR/outbox/ as an
// .eml file when it has none enabled (so a set-up without a mail server still works end to end).
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { EmailProvider } from '../../domain/email-provider.ts';
import type { MailMessage } from './message.ts';

export type Delivery = { via: 'smtp'; messageId: string } | { via: 'outbox'; file: string };

/** Seconds an SMTP conversation may stall before the attempt fails (and is retried later). */
const SMTP_TIMEOUT_MS = 20_000;

/**
 * Sends through SMTP with nodemailer's defaults: STARTTLS when the server offers it, plain
 * otherwise; implicit TLS on port 465 (RFC 8314 §3.3).
 */
export async function sendSmtp(provider: EmailProvider, message: MailMessage): Promise<Delivery> {
  const transport = nodemailer.createTransport({
    host: provider.smtpHost,
    port: provider.smtpPort,
    secure: provider.smtpPort === 465,
    auth: provider.smtpUser ? { user: provider.smtpUser, pass: provider.smtpPass ?? '' } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({ ...message, from: message.from ?? provider.defaultFromAddress });
    return { via: 'smtp', messageId: info.messageId };
  } finally {
    transport.close();
  }
}

/** Builds the MIME message (text and HTML parts) and writes it as DATA_DIR/outbox/<time>-<random>.eml. */
export async function writeOutbox(outboxDir: string, from: string, message: MailMessage): Promise<Delivery> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', disableFileAccess: true, disableUrlAccess: true });
  const info = await transport.sendMail({ ...message, from: message.from ?? from });
  await fs.mkdir(outboxDir, { recursive: true, mode: 0o700 });
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
  const file = path.join(outboxDir, name);
  await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
  return { via: 'outbox', file };
}
