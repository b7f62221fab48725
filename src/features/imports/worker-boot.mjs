// Entry of the import worker thread: the server runs TypeScript through tsx, and a worker thread starts
// without the parent's loader, so it registers tsx before loading the real entry (job-worker.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
