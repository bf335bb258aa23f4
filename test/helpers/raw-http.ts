import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request written by hand on a plain socket, for what fetch cannot do: send a body slowly
 * or in part, claim a length it never sends, and see when the server closes the connection.
 */
export interface RawExchange {
  /** The response head (and whatever body came with it), once it arrives. */
  response: Promise<RawResponse>;
  /** Resolves when the server has ended the connection. */
  closed: Promise<void>;
  /** Writes more of the body; false when the connection is already gone. */
  write(data: string | Buffer): Promise<boolean>;
  destroy(): void;
}

export function openRaw(
  url: string,
  head: { method?: string; path?: string; headers: Record<string, string | number> },
  firstBody: string | Buffer = '',
): RawExchange {
  const u = new URL(url);
  const socket = net.connect(Number(u.port), u.hostname);
  socket.on('error', () => undefined); // a refused upload ends in EPIPE/ECONNRESET: that is the point
  let gone = false;
  const closed = new Promise<void>((resolve) => {
    const done = () => {
      gone = true;
      resolve();
    };
    socket.once('end', done);
    socket.once('close', done);
  });
  const response = new Promise<RawResponse>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      socket.off('data', onData);
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) });
    };
    socket.on('data', onData);
    void closed.then(() => reject(new Error('the connection closed before any answer')));
  });
  response.catch(() => undefined);
  const lines = [`${head.method ?? 'POST'} ${head.path ?? u.pathname} HTTP/1.1`, `Host: ${u.host}`];
  for (const [k, v] of Object.entries(head.headers)) lines.push(`${k}: ${v}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (firstBody.length > 0) socket.write(firstBody);
  return {
    response,
    closed,
    write: (data) =>
      new Promise((resolve) => {
        if (gone || socket.destroyed) return resolve(false);
        socket.write(data, (err) => resolve(!err));
      }),
    destroy: () => socket.destroy(),
  };
}

/** Collects what a logger writes, one parsed JSON object per line, for tests that read the logs. */
export function logCapture(): { write(line: string): void; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    write(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    },
  };
}
