// A browser without a browser: form posts with a cookie jar, for the dashboard's HTTP tests.
import type { TestServer } from '../helpers/server.ts';

export interface Page {
  status: number;
  location: string | null;
  text: string;
}

export class Browserless {
  readonly jar = new Map<string, string>();
  /** the CSRF token of the last page that had a form */
  csrf = '';

  constructor(private readonly server: TestServer) {}

  private async send(path: string, init: RequestInit): Promise<Page> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.server.url + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim())) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await res.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(text);
    if (csrf) this.csrf = csrf[1]!;
    return { status: res.status, location: res.headers.get('location'), text };
  }

  get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  /** Posts a form; the CSRF token of the last page is added unless `csrf: false`. */
  post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<Page> {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  }

  async signIn(email: string, password: string): Promise<Page> {
    await this.get('/dashboard/login');
    return this.post('/dashboard/login', { email, password, return_to: '/dashboard' });
  }
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`', '&#61;': '=' };

/** The text of the element with this id, tags stripped and entities decoded. */
export function textOf(html: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#96|#61);/g, (e) => ENTITIES[e]!)
    .trim();
}
