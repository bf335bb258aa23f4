import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../logger';

/**
 * Answers a request we will not serve and ends its connection: `Connection: close`, an empty body,
 * and the socket destroyed as soon as the answer is written, so a sender still pushing a huge or
 * slow body gets nothing more from us (no keep-alive, no reading of what it keeps sending).
 */
export function refuse(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  const socket = res.socket;
  if (!res.headersSent) {
    res.writeHead(status, { connection: 'close', 'content-length': 0, ...headers });
  }
  if (res.writableFinished) {
    socket?.destroy();
    return;
  }
  res.end(() => socket?.destroy());
  // end() calls back once the answer is handed to the kernel; a peer that stops reading never lets it.
  setTimeout(() => socket?.destroy(), 1000).unref();
}

/** Parses `Content-Length`: a number, undefined when absent, NaN when it is not a plain integer. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads a body up to `limit` bytes, counting what actually arrives (a `Content-Length` is the sender's
 * claim, and chunked bodies have none). Stops listening the moment the limit is passed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onClose = () => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onClose);
  });
}

/**
 * Makes writes to a response that has already been answered harmless. Our "unanswered" guard and Bolt's
 * own unhandled-request timer may answer while a listener is still working; when the listener then acks,
 * Bolt writes again and Node throws ERR_HTTP_HEADERS_SENT — inside Bolt's promises, where nobody catches
 * it. After an answer, further writes are dropped with one short line instead.
 */
export function dropLateWrites(res: ServerResponse, log: Logger, what: Record<string, unknown>): void {
  let noted = false;
  const dropped = <T>(value: T): T => {
    if (!noted) {
      noted = true;
      log.info(what, 'a late answer to an already answered request was dropped');
    }
    return value;
  };
  type Writer = (...args: unknown[]) => unknown;
  const r = res as unknown as Record<'writeHead' | 'setHeader' | 'write' | 'end', Writer>;
  const original = {
    writeHead: r.writeHead.bind(res),
    setHeader: r.setHeader.bind(res),
    write: r.write.bind(res),
    end: r.end.bind(res),
  };
  r.writeHead = (...args) => (res.headersSent ? dropped(res) : original.writeHead(...args));
  r.setHeader = (...args) => (res.headersSent ? dropped(res) : original.setHeader(...args));
  r.write = (...args) => (res.writableEnded ? dropped(false) : original.write(...args));
  r.end = (...args) => (res.writableEnded ? dropped(res) : original.end(...args));
}

/**
 * Counts refusals and logs them at most once per `everyMs`, as one short line of counts: a flood of
 * junk must not turn into a flood of log lines (the first refusal after a quiet spell is logged at once).
 */
export function refusalLog(
  log: Logger,
  message: string,
  now: () => number = Date.now,
  everyMs = 10_000,
): (reason: string) => void {
  let counts: Record<string, number> = {};
  let loggedAt = -Infinity;
  return (reason) => {
    counts[reason] = (counts[reason] ?? 0) + 1;
    const t = now();
    if (t - loggedAt < everyMs) return;
    log.info({ refused: counts }, message);
    counts = {};
    loggedAt = t;
  };
}
