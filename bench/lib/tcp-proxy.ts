/**
 * A tiny TCP proxy: round-robin over targets per connection (scale-out benchmark: N app processes
 * behind one port, like a layer-4 load balancer), and an outage switch (drill 1: PostgreSQL "goes
 * away" for the app — every open connection is cut and new ones are refused — without touching the
 * shared server).
 */
import net from 'node:net';

export interface Target {
  host: string;
  port: number;
}

export interface TcpProxy {
  port: number;
  url: string;
  /** Connections accepted so far, per target index. */
  accepted: number[];
  /** Cut every open connection and stop listening (connection refused) until `resume()`. */
  outage(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targets: Target[], port = 0): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const accepted = targets.map(() => 0);
  let next = 0;
  const onConnection = (client: net.Socket) => {
    const i = next++ % targets.length;
    accepted[i]!++;
    const t = targets[i]!;
    const upstream = net.connect(t.port, t.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let server = net.createServer(onConnection);
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const actual = await listen(port);
  let listening = true;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
    });
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    accepted,
    async outage() {
      const closed = stopListening();
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
    async resume() {
      if (listening) return;
      server = net.createServer(onConnection);
      await listen(actual);
      listening = true;
    },
    async close() {
      const closed = stopListening();
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
  };
}
