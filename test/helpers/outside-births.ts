/** Uploading an outside birth list the way the browser's multipart form does. */
import type { Client } from './http.ts';

export async function uploadList(c: Client, file: Buffer, fileName = '医院名单.csv', fields: Record<string, string> = { source_kind: 'hospital', name: '县人民医院 2026年9月', period: '2026-09' }) {
  const token = await c.refreshToken('/outside-births/lists');
  let req = c.agent.post(`/outside-births/lists?_csrf=${encodeURIComponent(token)}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', file, fileName).redirects(0);
}
