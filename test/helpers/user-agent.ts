// A browser without a browser: fetch with a cookie jar and manual redirects, enough to
// drive the HTML login and consent forms (which work without JavaScript).
export interface Hop {
  status: number;
  location: string | undefined;
  body: string;
  url: string;
}

export class UserAgent {
  readonly cookies = new Map<string, string>();

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Hop> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.store(res);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, location: location ? new URL(location, url).toString() : undefined, body: await res.text(), url };
  }

  get(url: string): Promise<Hop> {
    return this.request(url);
  }

  post(url: string, form: Record<string, string>): Promise<Hop> {
    return this.request(url, { form });
  }

  /** Follows redirects on `origin` only; stops at a page, or at a redirect that leaves it. */
  async follow(start: Hop, origin: string): Promise<Hop> {
    let hop = start;
    for (let i = 0; i < 10 && hop.location && hop.location.startsWith(origin + '/'); i++) hop = await this.get(hop.location);
    return hop;
  }
}

/** The value of a hidden/named input in a page. */
export function formField(html: string, name: string): string | undefined {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return m?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#61;/g, '=')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#96;/g, '`');
}

/** The form's action, resolved against the page URL. */
export function formAction(html: string, pageUrl: string): string {
  const m = /<form[^>]*action="([^"]*)"/.exec(html);
  if (!m) throw new Error('no form on the page');
  return new URL(m[1]!.replace(/&amp;/g, '&').replace(/&#61;/g, '='), pageUrl).toString();
}

/**
 * Goes through /authorize with this agent: logs in if asked, decides consent if asked, and
 * returns the redirect that leaves the server (to the client's redirect URI) or the last page.
 */
export async function authorizeThrough(
  agent: UserAgent,
  origin: string,
  authorizeUrl: string,
  opts: { email?: string; password?: string; consent?: 'accept' | 'decline' } = {},
): Promise<Hop> {
  let hop = await agent.follow(await agent.get(authorizeUrl), origin);
  for (let i = 0; i < 4 && !hop.location; i++) {
    if (hop.status !== 200) return hop;
    const action = formAction(hop.body, hop.url);
    const csrf = formField(hop.body, 'csrf') ?? '';
    if (action.includes('/u/login')) {
      if (!opts.email) return hop;
      hop = await agent.follow(await agent.post(action, { csrf, email: opts.email, password: opts.password ?? '' }), origin);
    } else if (action.includes('/u/consent')) {
      if (!opts.consent) return hop;
      hop = await agent.follow(await agent.post(action, { csrf, decision: opts.consent }), origin);
    } else return hop;
  }
  return hop;
}
