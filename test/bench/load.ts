/**
 * Throughput under concurrency (autocannon): signed-in GETs of the portal's busiest pages, several connections
 * at once, with the error count and the server's peak memory.
 */
import autocannon from 'autocannon';
import type { BenchClient } from './http-client.ts';
import { peakRss, type ServerProc } from './server-proc.ts';

export interface LoadResult {
  name: string;
  path: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  peakRssMb: number;
}

export async function load(server: ServerProc, client: BenchClient, name: string, path: string, connections: number, seconds: number): Promise<LoadResult> {
  const { result, peakMb } = await peakRss(server, () => autocannon({ url: server.base + path, connections, duration: seconds, headers: { cookie: client.cookieHeader() } }));
  return {
    name,
    path,
    connections,
    seconds,
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    peakRssMb: peakMb,
  };
}
