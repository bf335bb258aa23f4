/**
 * The attackers of drill 7 in their own process (as they would be on other machines): their sockets and
 * the megabytes they push do not share an event loop with the drill's timings of /delegate.
 *
 * argv[2]: JSON FloodPlan. Prints `FLOOD_STARTED` once every connection is opened, then, when every
 * connection has ended or `holdMs` has passed (whatever is left is then dropped by us), one line
 * `FLOOD_RESULT=<json FloodResult>` and exits. Exits with the parent (stdin closes).
 */
import net from 'node:net';

export interface FloodPlan {
  port: number;
  /** parallel posts announcing and pushing `bodyBytes` as fast as the socket accepts */
  posts: number;
  bodyBytes: number;
  /** headers claim a fresh, well-formed (forged) signature: the app must read the body to refuse it */
  forged: boolean;
  /** headers complete and signed-looking, body of 1,000 bytes at one byte a second */
  slowBodies: number;
  /** headers that never finish, a byte a second */
  slowHeaders: number;
  holdMs: number;
}

export interface FloodResult {
  flood: { sent: number; answered: Record<string, number>; mbWritten: number };
  slow: { sent: number; closedByAppWithinMs: number; stillOpen: number };
}

interface Conn {
  status: number;
  written: number;
  closedAfterMs: number;
}

function connection(port: number, head: string, bodyBytes: number, trickle: boolean, chunk: Buffer): { done: Promise<Conn>; stop(): void } {
  const t0 = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  const c: Conn = { status: 0, written: 0, closedAfterMs: NaN };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  socket.on('error', () => undefined);
  socket.on('data', (d: Buffer) => {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'));
    if (m && c.status === 0) c.status = Number(m[1]);
  });
  const done = new Promise<Conn>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      if (!stopped) c.closedAfterMs = Date.now() - t0;
      resolve(c);
    });
  });
  socket.on('connect', () => {
    socket.write(head);
    if (trickle) {
      timer = setInterval(() => {
        if (c.written >= bodyBytes || socket.destroyed) return;
        socket.write('a');
        c.written++;
      }, 1000);
      return;
    }
    const pump = () => {
      while (c.written < bodyBytes && !socket.destroyed && c.status === 0) {
        const n = Math.min(chunk.length, bodyBytes - c.written);
        c.written += n;
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  return {
    done,
    stop() {
      stopped = true;
      socket.destroy();
    },
  };
}

const head = (headers: Record<string, string | number>) =>
  `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;

/** Well-formed, fresh, wrong: passes every check that can be made before the body is read. */
const forgedSignature = () => ({
  'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
  'X-Slack-Signature': `v0=${'0123456789abcdef'.repeat(4)}`,
});

export async function flood(plan: FloodPlan, started: () => void = () => undefined): Promise<FloodResult> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const form = 'application/x-www-form-urlencoded';
  const floodHead = head({ 'Content-Type': form, 'Content-Length': plan.bodyBytes, ...(plan.forged ? forgedSignature() : {}) });
  const posts = Array.from({ length: plan.posts }, () => connection(plan.port, floodHead, plan.bodyBytes, false, chunk));
  const slow = [
    ...Array.from({ length: plan.slowBodies }, () => connection(plan.port, head({ 'Content-Type': form, 'Content-Length': 1000, ...forgedSignature() }), 1000, true, chunk)),
    ...Array.from({ length: plan.slowHeaders }, () => connection(plan.port, 'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n', 1000, true, chunk)),
  ];
  started();
  const all = [...posts, ...slow];
  await Promise.race([Promise.all(all.map((c) => c.done)), new Promise((resolve) => setTimeout(resolve, plan.holdMs))]);
  for (const c of all) c.stop();
  const postResults = await Promise.all(posts.map((c) => c.done));
  const slowResults = await Promise.all(slow.map((c) => c.done));
  const answered: Record<string, number> = {};
  for (const p of postResults) answered[String(p.status)] = (answered[String(p.status)] ?? 0) + 1;
  const closed = slowResults.filter((s) => Number.isFinite(s.closedAfterMs));
  return {
    flood: { sent: plan.posts, answered, mbWritten: Math.round((postResults.reduce((a, p) => a + p.written, 0) / 1024 / 1024) * 10) / 10 },
    slow: { sent: slow.length, closedByAppWithinMs: closed.length ? Math.max(...closed.map((s) => s.closedAfterMs)) : NaN, stillOpen: slow.length - closed.length },
  };
}

if (require.main === module) {
  const plan = JSON.parse(process.argv[2] ?? '{}') as FloodPlan;
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  void flood(plan, () => process.stdout.write('FLOOD_STARTED\n')).then((r) => {
    process.stdout.write(`FLOOD_RESULT=${JSON.stringify(r)}\n`);
    process.exit(0);
  });
}
