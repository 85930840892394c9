// Delivering an authorization response or error to the client (RFC 6749 §4.1.2, §4.2.2,
// OAuth 2.0 Multiple Response Types §2.1, Form Post Response Mode §2, RFC 9207), or posting
// it to the window that framed or opened /authorize (web_message).
import { locationHeaderValue } from '../../../web/location.ts';
import type { FastifyReply } from 'fastify';
import { newNonce, sendPage } from '../../../web/layout.ts';
import { formPostPage } from './pages/form-post-page.ts';
import { webMessagePage } from './pages/web-message-page.ts';
import type { OAuthError } from '../../errors.ts';
import type { ErrorTarget, ResponseMode } from './context.ts';

/** Where a response goes: the verified redirect URI, in the response mode (query unless set). */
type Destination = { redirectUri: string; responseMode?: ResponseMode | undefined };

/** Errors shown on the error page even once the redirect URI is verified. */
const forErrorPage = new WeakSet<Error>();

export function onErrorPage<E extends Error>(error: E): E {
  forErrorPage.add(error);
  return error;
}

export function isForErrorPage(error: Error): boolean {
  return forErrorPage.has(error);
}

export function responseLocation(redirectUri: string, mode: 'query' | 'fragment', fields: Record<string, string>): string {
  const encoded = new URLSearchParams(fields).toString();
  if (mode === 'fragment') return `${redirectUri}#${encoded}`;
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${encoded}`;
}

export function sendAuthorizationResponse(reply: FastifyReply, a: Destination, fields: Record<string, string>): FastifyReply {
  const mode = a.responseMode ?? 'query';
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  if (mode === 'form_post') {
    const nonce = newNonce();
    return sendPage(reply, 200, formPostPage({ action: a.redirectUri, fields, nonce }), nonce);
  }
  if (mode === 'web_message') {
    // Checked against the client's Allowed Web Origins when the mode was accepted.
    const targetOrigin = new URL(a.redirectUri).origin;
    const nonce = newNonce();
    return sendPage(reply, 200, webMessagePage({ targetOrigin, response: fields, nonce }), nonce, { frameableBy: targetOrigin });
  }
  return reply.redirect(locationHeaderValue(responseLocation(a.redirectUri, mode, fields)), 302);
}

/** The error as the client sees it: error, error_description, state and iss. */
export function sendAuthorizationError(reply: FastifyReply, a: ErrorTarget & Destination, err: OAuthError): FastifyReply {
  const fields: Record<string, string> = { error: err.error, error_description: err.description };
  if (a.params.state !== undefined) fields.state = a.params.state;
  fields.iss = a.ctx.issuer;
  return sendAuthorizationResponse(reply, a, fields);
}
