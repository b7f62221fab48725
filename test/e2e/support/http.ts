/**
 * A small HTTP client for the real server process (fetch, no browser): keeps the session cookie and the page's
 * CSRF token, posts forms, never follows redirects. Used where many concurrent requests matter (faults).
 */
import * as cheerio from 'cheerio';

export interface Answer {
  status: number;
  location: string | null;
  text: string;
}

export class ServerClient {
  private cookie = '';
  private token = '';

  constructor(readonly base: string) {}

  private keepCookie(res: Response) {
    for (const c of res.headers.getSetCookie()) if (c.startsWith('fp.sid=')) this.cookie = c.split(';')[0];
  }

  async get(path: string): Promise<Answer> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keepCookie(res);
    const text = await res.text();
    const token = cheerio.load(text)('meta[name="csrf-token"]').attr('content');
    if (token) this.token = token;
    return { status: res.status, location: res.headers.get('location'), text };
  }

  async post(path: string, fields: Record<string, string | number>): Promise<Answer> {
    const body = new URLSearchParams({ ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), _csrf: this.token });
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    this.keepCookie(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** A multipart form with one file (an upload); the CSRF token goes in the query, as the import form sends it. */
  async postFile(path: string, fields: Record<string, string>, file: { field: string; name: string; data: Buffer }): Promise<Answer> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set(file.field, new Blob([new Uint8Array(file.data)]), file.name);
    const sep = path.includes('?') ? '&' : '?';
    const res = await fetch(`${this.base}${path}${sep}_csrf=${encodeURIComponent(this.token)}`, { method: 'POST', headers: { cookie: this.cookie }, body: form, redirect: 'manual' });
    this.keepCookie(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  async signIn(username: string, password: string): Promise<this> {
    await this.get('/login');
    const res = await this.post('/login', { username, password, next: '/' });
    if (res.status !== 303) throw new Error(`sign-in failed for ${username}: ${res.status}`);
    await this.get('/account/password');
    return this;
  }
}

/** Status of GET /healthz, or 0 when the server does not answer at all. */
export async function health(base: string): Promise<number> {
  try {
    return (await fetch(`${base}/healthz`)).status;
  } catch {
    return 0;
  }
}
