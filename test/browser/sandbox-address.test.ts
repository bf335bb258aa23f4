/**
 * The sandbox answers only requests meant for it: whoever can drive it can act as anyone, move the
 * clock and erase everything. A Host it does not serve (DNS rebinding: an attacker's name resolving to
 * this machine) is refused on every sandbox route, and a POST must carry an Origin of that same address.
 */
import http from 'node:http';
import { startTestSandbox, type Running } from './harness';

// The sandbox always runs on PGlite, so the PostgreSQL pass has nothing to add (as sandbox-server.test.ts).
const onPglitePass = process.env.TEST_DATABASE_URL ? describe.skip : describe;

jest.setTimeout(60_000);

const LEA = 'U0LEA0001';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** A raw HTTP request with exactly these headers (fetch would set Host and may not let us). */
function request(run: Running, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const { port } = new URL(run.sandbox.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      // The event stream never ends by itself: its status and first bytes are enough.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, type: 'text/event-stream', body: '' });
        return;
      }
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const clockMove = JSON.stringify({ as: LEA, step: 'hour' });
const json = { 'Content-Type': 'application/json' };

onPglitePass('the sandbox answers only its own address', () => {
  let run: Running;
  let port: string;
  let now: () => Promise<number>;

  beforeAll(async () => {
    run = await startTestSandbox({ env: { TRUSTLOOP_SANDBOX_HOSTS: 'localhost:8080, trustloop.test' } });
    port = new URL(run.sandbox.url).port;
    now = async () => {
      const r = await request(run, 'GET', `/sandbox/api/state?as=${LEA}`, { Host: `127.0.0.1:${port}` });
      return (JSON.parse(r.body) as { now: number }).now;
    };
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('refuses a POST without an Origin header, with a short JSON error, and the clock stays', async () => {
    const before = await now();
    const r = await request(run, 'POST', '/sandbox/api/clock', { ...json, Host: `127.0.0.1:${port}` }, clockMove);
    expect(r.status).toBe(403);
    expect(r.type).toMatch(/application\/json/);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: expect.stringMatching(/without an Origin/) as string });
    expect(await now()).toBeLessThan(before + 3_600_000);
  });

  it('refuses a page on another name that resolves here (DNS rebinding), even with its own matching Origin', async () => {
    const before = await now();
    const evil = `rebind.evil.example:${port}`;
    const moved = await request(run, 'POST', '/sandbox/api/clock', { ...json, Host: evil, Origin: `http://${evil}` }, clockMove);
    expect(moved.status).toBe(403);
    expect(JSON.parse(moved.body)).toEqual({ ok: false, error: expect.stringMatching(/answers only at http:\/\/localhost:\d+.*TRUSTLOOP_SANDBOX_HOSTS/) as string });
    const reset = await request(run, 'POST', '/sandbox/api/reset', { ...json, Host: evil, Origin: `http://${evil}` }, '{}');
    expect(reset.status).toBe(403);
    expect(await now()).toBeLessThan(before + 3_600_000);
    // Reading is refused too: the state holds everyone's messages, the stream says when they change.
    expect((await request(run, 'GET', `/sandbox/api/state?as=${LEA}`, { Host: evil })).status).toBe(403);
    expect((await request(run, 'GET', '/sandbox/api/events', { Host: evil })).status).toBe(403);
    expect((await request(run, 'GET', '/', { Host: evil })).status).toBe(403);
  });

  it('refuses a request without a Host, and loopback names on a port it does not serve', async () => {
    // Node's server itself refuses HTTP/1.1 without a Host (400); either way nothing is read.
    expect([400, 403]).toContain((await request(run, 'GET', `/sandbox/api/state?as=${LEA}`, {})).status);
    const other = `127.0.0.1:${Number(port) + 1}`;
    expect((await request(run, 'POST', '/sandbox/api/clock', { ...json, Host: other, Origin: `http://${other}` }, clockMove)).status).toBe(403);
  });

  it('refuses another origin and an opaque one (Origin: null), on an address it serves', async () => {
    const host = `localhost:${port}`;
    for (const origin of ['http://localhost:5555', `http://127.0.0.1:${port}`, 'null', 'file://']) {
      const r = await request(run, 'POST', '/sandbox/api/clock', { ...json, Host: host, Origin: origin }, clockMove);
      expect({ origin, status: r.status }).toEqual({ origin, status: 403 });
    }
  });

  it('answers its own page at localhost, 127.0.0.1 and [::1] on its port, and the addresses TRUSTLOOP_SANDBOX_HOSTS adds', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`, 'localhost:8080', 'trustloop.test', `trustloop.test:${port}`]) {
      const state = await request(run, 'GET', `/sandbox/api/state?as=${LEA}`, { Host: host });
      expect({ host, status: state.status }).toEqual({ host, status: 200 });
      expect((await request(run, 'GET', '/sandbox/api/events', { Host: host })).status).toBe(200);
      const before = await now();
      const moved = await request(run, 'POST', '/sandbox/api/clock', { ...json, Host: host, Origin: `http://${host}` }, clockMove);
      expect({ host, status: moved.status }).toEqual({ host, status: 200 });
      expect((JSON.parse(moved.body) as { now: number }).now).toBeGreaterThanOrEqual(before + 3_600_000);
    }
  });

  it('leaves /healthz to anyone who reaches the port (container health checks)', async () => {
    expect((await request(run, 'GET', '/healthz', { Host: 'whatever.example' })).status).toBe(200);
  });
});
