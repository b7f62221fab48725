/** The part of unzipper (exceljs's own zip reader) the import uses to measure a file before reading it. */
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  interface CentralEntry {
    path: string;
    uncompressedSize: number;
    stream(): Readable;
  }
  export const Open: { buffer(data: Buffer): Promise<{ files: CentralEntry[] }> };
}
