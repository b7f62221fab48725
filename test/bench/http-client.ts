/**
 * A small browser-like HTTP client for the benchmark (fetch with keep-alive): keeps cookies, reads the CSRF token
 * from each page's meta tag and sends it with form posts, follows nothing (a 303 is an answer).
 */
export interface Answer {
  status: number;
  text: string;
  location: string | null;
}

export class BenchClient {
  private cookies = new Map<string, string>();
  token = '';

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, body?: URLSearchParams | FormData): Promise<Answer> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const kv = c.split(';', 1)[0];
      const i = kv.indexOf('=');
      this.cookies.set(kv.slice(0, i), kv.slice(i + 1));
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  async get(path: string): Promise<Answer> {
    const a = await this.request('GET', path);
    const m = /<meta name="csrf-token" content="([^"]*)"/.exec(a.text);
    if (m)
      this.token = m[1]
        .replace(/&#43;/g, '+')
        .replace(/&#x2F;/g, '/')
        .replace(/&#61;/g, '=')
        .replace(/&amp;/g, '&');
    return a;
  }

  post(path: string, fields: Record<string, string>): Promise<Answer> {
    return this.request('POST', path, new URLSearchParams({ ...fields, _csrf: this.token }));
  }

  async login(username: string, password: string): Promise<void> {
    await this.get('/login');
    const a = await this.post('/login', { username, password, next: '/' });
    if (a.status !== 303) throw new Error(`login ${username}: HTTP ${a.status}`);
    await this.get('/');
  }
}
