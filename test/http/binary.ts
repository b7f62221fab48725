/** supertest parser for binary bodies (XLSX downloads): `.buffer(true).parse(binary)`. */
import type { Response } from 'superagent';

export function binary(res: Response, cb: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
