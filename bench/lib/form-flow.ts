// Prepares authorization codes through a server's real browser flow: GET /authorize, then
// whatever HTML forms it shows (login, consent) are filled and posted like a browser without
// JavaScript would, following redirects with a cookie jar, until the redirect URI is reached.
import { createHash, randomBytes } from 'node:crypto';

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export class CookieJar {
  readonly #cookies = new Map<string, Cookie>();

  store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const cookie: Cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path: '/' };
      let expired = false;
      for (const attr of attrs) {
        const [k = '', v = ''] = attr.split('=').map((s) => s.trim());
        if (k.toLowerCase() === 'path' && v) cookie.path = v;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
      }
      const key = `${cookie.name};${cookie.path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

const decodeEntities = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|#39|apos);/gi, (_m, e: string) => {
    const l = e.toLowerCase();
    if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
    if (l.startsWith('#')) return String.fromCodePoint(parseInt(l.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[l] ?? '';
  });

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[2] ?? m[3] ?? m[4] ?? '') : undefined;
}

export interface ParsedForm {
  action: string;
  method: string;
  fields: Array<{ name: string; value: string; type: string }>;
  buttons: Array<{ name: string | undefined; value: string | undefined; text: string }>;
}

/** The first <form> of a page, with its inputs and submit buttons. */
export function parseForm(html: string): ParsedForm | null {
  const m = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!m) return null;
  const [, formAttrs = '', body = ''] = m;
  const fields: ParsedForm['fields'] = [];
  for (const tag of body.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(tag, 'name');
    if (!name) continue;
    fields.push({ name, value: attr(tag, 'value') ?? '', type: (attr(tag, 'type') ?? 'text').toLowerCase() });
  }
  const buttons: ParsedForm['buttons'] = [];
  for (const b of body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const type = (attr(` ${b[1]}`, 'type') ?? 'submit').toLowerCase();
    if (type === 'submit') buttons.push({ name: attr(` ${b[1]}`, 'name'), value: attr(` ${b[1]}`, 'value'), text: b[2]!.replace(/<[^>]+>/g, '').trim() });
  }
  return { action: attr(` ${formAttrs}`, 'action') ?? '', method: (attr(` ${formAttrs}`, 'method') ?? 'get').toUpperCase(), fields, buttons };
}

const POSITIVE = /^(accept|allow|yes|continue|authorize|sign in|log ?in|submit)$/i;
const NEGATIVE = /decline|deny|cancel|abort|no\b/i;

/** Fills a login or consent form: e-mail/login/username and password; presses the positive button. */
export function fillForm(form: ParsedForm, user: { email: string; password: string }): URLSearchParams {
  const data = new URLSearchParams();
  for (const f of form.fields) {
    if (f.type === 'submit' || f.type === 'button') continue;
    if (f.type === 'password') data.set(f.name, user.password);
    else if (/^(email|login|username)$/i.test(f.name)) data.set(f.name, user.email);
    else data.append(f.name, f.value);
  }
  const button =
    form.buttons.find((b) => POSITIVE.test(b.value ?? '') || POSITIVE.test(b.text)) ?? form.buttons.find((b) => !NEGATIVE.test(`${b.value ?? ''} ${b.text}`));
  if (button?.name) data.set(button.name, button.value ?? '');
  return data;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface CodeFlow {
  /** absolute /authorize URL without state */
  authorizeUrl: string;
  redirectUri: string;
  user: { email: string; password: string };
}

/** One browser-like session; `code()` returns a fresh authorization code each call. */
export class Browser {
  readonly jar = new CookieJar();
  constructor(private readonly flow: CodeFlow) {}

  private async request(url: URL, init: { method: string; body?: URLSearchParams }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method, headers, body: init.body?.toString(), redirect: 'manual' });
    this.jar.store(res.headers.getSetCookie());
    return res;
  }

  async code(state: string): Promise<string> {
    let url = new URL(`${this.flow.authorizeUrl}&state=${encodeURIComponent(state)}`);
    let init: { method: string; body?: URLSearchParams } = { method: 'GET' };
    // Bounded: a login, a consent and a few redirects at most.
    for (let step = 0; step < 12; step++) {
      const res = await this.request(url, init);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        const next = new URL(location, url);
        if (next.href.startsWith(this.flow.redirectUri)) {
          const code = next.searchParams.get('code');
          if (!code) throw new Error(`no code in redirect: ${next.search || next.hash}`);
          return code;
        }
        url = next;
        init = { method: 'GET' };
        continue;
      }
      const html = await res.text();
      const form = res.status === 200 ? parseForm(html) : null;
      if (!form) throw new Error(`authorization flow stopped at ${url.pathname} with ${res.status}: ${html.slice(0, 300)}`);
      const data = fillForm(form, this.flow.user);
      const target = new URL(form.action || url.href, url);
      if (form.method === 'GET') {
        target.search = data.toString();
        url = target;
        init = { method: 'GET' };
      } else {
        url = target;
        init = { method: 'POST', body: data };
      }
    }
    throw new Error('authorization flow did not reach the redirect URI within 12 steps');
  }

  /** `count` codes, fetched `parallel` at a time. */
  async codes(count: number, parallel = 8): Promise<string[]> {
    const first = await this.code('s0');
    const out = [first];
    let next = 1;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        out.push(await this.code(`s${i}`));
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
    return out;
  }
}
