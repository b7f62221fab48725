/**
 * A browser-like client over supertest: keeps the session cookie, reads the CSRF token from the page the way a
 * form would, and posts forms as application/x-www-form-urlencoded.
 */
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';

export type Agent = ReturnType<typeof request.agent>;

export function csrfOf(html: string): string {
  const token = cheerio.load(html)('meta[name="csrf-token"]').attr('content');
  if (!token) throw new Error('no csrf-token meta on the page');
  return token;
}

export class Client {
  readonly agent: Agent;
  private token: string | undefined;

  constructor(readonly app: Express) {
    this.agent = request.agent(app);
  }

  get(path: string) {
    return this.agent.get(path).redirects(0);
  }

  /** Fetch a fresh CSRF token from a page of this session (GET /login when anonymous works too). */
  async refreshToken(from = '/login'): Promise<string> {
    const res = await this.agent.get(from).redirects(0);
    if (res.status === 303 || res.status === 302) return this.refreshToken(res.headers.location);
    this.token = csrfOf(res.text);
    return this.token;
  }

  async post(path: string, data: Record<string, string | number | boolean | undefined | string[]> = {}, options: { token?: string | null } = {}) {
    let token = options.token === undefined ? this.token : options.token;
    if (options.token === undefined && !token) token = await this.refreshToken(this.signedIn ? '/account/password' : '/login');
    const body: Record<string, unknown> = { ...data };
    if (token !== null) body._csrf = token;
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) v.forEach((x) => form.append(k, String(x)));
      else form.append(k, String(v));
    }
    return this.agent.post(path).type('form').send(form.toString()).redirects(0);
  }

  signedIn = false;

  /** Sign in through the real form. Throws with the page's message when sign-in fails. */
  async login(username: string, password: string) {
    await this.refreshToken('/login');
    const res = await this.post('/login', { username, password, next: '/' });
    if (res.status !== 303) throw new Error(`login failed for ${username}: ${res.status} ${cheerio.load(res.text)('.flash').text()}`);
    this.signedIn = true;
    this.token = undefined;
    return res;
  }
}

export async function signedIn(app: Express, username: string, password: string): Promise<Client> {
  const c = new Client(app);
  await c.login(username, password);
  return c;
}

export const $ = (html: string) => cheerio.load(html);
