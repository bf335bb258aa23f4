/**
 * Load over loopback with autocannon: pre-signed bodies handed out one per request, in order, across all
 * connections (so /outcome closes each delegation once). Bounded by `durationS` and by autocannon's
 * own per-request timeout.
 */
import autocannon from 'autocannon';
import type { SignedRequest } from './slack-requests';

export interface LoadResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  total: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  durationS: number;
  status: Record<string, number>;
  /** the first few bodies that did not pass `verify` */
  mismatchSamples: string[];
  /** requests handed to the connections (answered or not) */
  sent: number;
}

export async function runLoad(o: {
  url: string;
  connections: number;
  durationS: number;
  requests: SignedRequest[];
  /** A body that does not pass counts as a mismatch (e.g. an error reply with status 200). */
  verify?: (body: string) => boolean;
  path?: string;
}): Promise<LoadResult> {
  let i = 0;
  const reqs = o.requests;
  const samples: string[] = [];
  const verify = o.verify
    ? (body: string) => {
        const ok = o.verify!(body);
        if (!ok && samples.length < 5) samples.push(body.slice(0, 300));
        return ok;
      }
    : undefined;
  if (reqs.length === 0) throw new Error('no requests to send');
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    timeout: 10,
    verifyBody: verify,
    requests: [
      {
        method: 'POST',
        path: o.path ?? '/slack/events',
        setupRequest: (req) => {
          const r = reqs[i++ % reqs.length]!;
          return { ...req, method: 'POST', path: o.path ?? '/slack/events', headers: r.headers, body: r.body };
        },
      },
    ],
  });
  const r = await instance;
  const status: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) status[code] = Number(v.count);
  const total = Object.values(status).reduce((a, b) => a + b, 0);
  return {
    rps: total / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: r.latency.mean ?? r.latency.average,
    total,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    mismatches: r.mismatches,
    durationS: r.duration,
    status,
    mismatchSamples: samples,
    sent: i,
  };
}
