// The shared page frame: a centered card with the tenant's name, inline CSS under a
// per-response CSP nonce, and headers that keep the pages out of frames and caches.
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { html, SafeHtml } from './html.ts';

const CSS = `
:root{--primary:#4f46e5;--primary-dark:#4338ca;--text:#1f2937;--muted:#6b7280;--border:#d1d5db;--bg:#eef0f5;--danger:#b91c1c;--danger-bg:#fef2f2}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;padding:24px}
main{width:100%;max-width:400px}
.card{background:#fff;border-radius:12px;box-shadow:0 12px 40px rgba(15,23,42,.12);padding:40px 40px 32px}
.brand{text-align:center;margin-bottom:24px}
.tenant{text-align:center;font-size:13px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin:0 0 16px}
.logo{width:64px;height:64px;border-radius:14px;object-fit:contain;display:block;margin:0 auto 16px}
.monogram.danger{background:var(--danger)}
.monogram{width:64px;height:64px;border-radius:14px;margin:0 auto 16px;display:flex;align-items:center;justify-content:center;background:var(--primary);color:#fff;font-size:28px;font-weight:700}
h1{font-size:24px;font-weight:600;margin:0 0 8px}
.lead{color:var(--muted);margin:0;font-size:15px}
.lead strong{color:var(--text);font-weight:600}
form{margin:0}
.field{margin:0 0 16px}
label{display:block;font-size:14px;font-weight:600;margin:0 0 6px}
input[type=email],input[type=password],input[type=text]{width:100%;padding:12px 14px;border:1px solid var(--border);border-radius:6px;font:inherit;color:inherit;background:#fff}
input:focus{outline:none;border-color:var(--primary);box-shadow:0 0 0 3px rgba(79,70,229,.25)}
.button{display:block;width:100%;padding:12px 16px;border-radius:6px;border:1px solid var(--primary);background:var(--primary);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-align:center;text-decoration:none}
.button:hover{background:var(--primary-dark)}
.button:focus-visible{outline:3px solid rgba(79,70,229,.45);outline-offset:2px}
.button.secondary{background:#fff;color:var(--text);border-color:var(--border)}
.button.secondary:hover{background:#f9fafb}
.actions{display:flex;gap:12px;margin-top:24px}
.actions .button{flex:1}
.alert{border-radius:6px;padding:12px 14px;margin:0 0 20px;font-size:14px;background:var(--danger-bg);color:var(--danger);border:1px solid #fecaca}
.scopes{list-style:none;margin:20px 0 0;padding:0;border-top:1px solid #e5e7eb}
.scopes li{display:flex;gap:12px;padding:12px 0;border-bottom:1px solid #e5e7eb}
.scopes .check{flex:none;width:22px;height:22px;border-radius:50%;background:#e0e7ff;color:var(--primary);display:flex;align-items:center;justify-content:center;font-size:13px;font-weight:700;margin-top:1px}
.scopes .name{font-weight:600;font-size:15px}
.scopes .desc{color:var(--muted);font-size:13px}
.note{color:var(--muted);font-size:13px;margin:16px 0 0;text-align:center}
.links{font-size:14px;margin:20px 0 0;text-align:center;color:var(--muted)}
.links p{margin:8px 0 0}
a.link,.links a{color:var(--primary);font-weight:600;text-decoration:none}
a.link:hover,.links a:hover{text-decoration:underline}
.forgot{display:block;font-size:14px;margin:-8px 0 16px}
.rules{margin:0 0 16px;padding:12px 14px 12px 32px;background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;font-size:13px;color:var(--muted)}
.rules li{margin:2px 0}
.rules li.error{color:var(--danger);font-weight:600}
.rules-title{font-size:13px;font-weight:600;margin:0 0 6px}
.callout{border-radius:6px;padding:12px 14px;margin:20px 0 0;font-size:14px;background:#fffbeb;color:#713f12;border:1px solid #fcd34d}
.callout p{margin:0}
.callout .callout-title{font-weight:600;margin:0 0 4px}
.callout .code{background:#fef3c7}
.domain{font-size:20px;margin:4px 0;color:var(--text,#111)}
.warning{color:#92400e;background:#fffbeb;border:1px solid #fde68a;border-radius:8px;padding:8px 10px;text-align:left}
.verified{display:inline-block;margin-bottom:4px;padding:2px 10px;border-radius:999px;background:#ecfdf5;color:#047857;border:1px solid #a7f3d0;font-size:13px}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;background:#f3f4f6;border-radius:4px;padding:2px 6px}
footer{margin-top:20px;color:var(--muted);font-size:12px;text-align:center}
`;

export interface PageOptions {
  title: string;
  tenantName: string;
  body: SafeHtml;
  /** scripts are refused unless they carry this nonce */
  nonce?: string;
}

/**
 * The <head> every page of ours has: no referrer leaves it (URLs may carry codes or states),
 * robots stay out, and the one stylesheet is inline under the page's CSP nonce.
 */
export function documentHead(title: string, css: string, nonce: string): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title}</title>
<style nonce="${nonce}">${new SafeHtml(css)}</style>
</head>`;
}

export function page(o: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
${documentHead(`${o.title} · ${o.tenantName}`, CSS, o.nonce ?? '')}
<body>
<main>
<div class="card">
<p class="tenant">${o.tenantName}</p>
${o.body}
</div>
<footer>Secured by Latchkey</footer>
</main>
</body>
</html>`;
}

export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * Sends a page. CSP: no script or style without the nonce; images from https/data only;
 * never framed (clickjacking on the consent button). form-action is left open on purpose:
 * browsers apply it to the redirect chain that ends at the client's redirect URI.
 */
export function sendPage(reply: FastifyReply, status: number, body: SafeHtml, nonce: string, opts: { frameableBy?: string } = {}): FastifyReply {
  const frameAncestors = opts.frameableBy ?? "'none'";
  // A page meant for a frame of one origin says so in CSP; X-Frame-Options cannot name an origin.
  if (opts.frameableBy === undefined) reply.header('x-frame-options', 'DENY');
  return reply
    .code(status)
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src https: data:; base-uri 'none'; frame-ancestors ${frameAncestors}`,
    )
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(body.value);
}
