import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import type { Logger } from '../logger';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * True when a body is one Bolt's receiver cannot read at all. Bolt assumes the parsed body is an object;
 * `payload=null` (or a JSON body of `null`) makes it throw inside its own promise, leaving the request
 * unanswered and an unhandled rejection behind (found by the fuzz drill). Slack only ever sends objects.
 */
export function unreadableBySlackReceiver(rawBody: string, contentType: string | undefined): boolean {
  if (contentType === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(rawBody).get('payload');
    return payload !== null && !payload.trimStart().startsWith('{');
  }
  if (contentType?.startsWith('application/json')) return !rawBody.trimStart().startsWith('{');
  return false;
}

/**
 * Buffers the body the way Bolt does (Bolt then reuses it, see `bufferIncomingMessage`), answers 400 to a
 * body Bolt cannot read, and hands everything else to Bolt's own listener, signature checks and all.
 */
export function guardSlackRequests(boltListener: Listener, log: Logger): Listener {
  return (req, res) => {
    HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit).then(
      (buffered) => {
        if (unreadableBySlackReceiver(buffered.rawBody.toString(), req.headers['content-type'])) {
          log.warn({ path: req.url }, 'refused a Slack request whose body is not an object');
          res.writeHead(400).end();
          return;
        }
        boltListener(buffered, res);
      },
      (err: unknown) => {
        log.warn({ err, path: req.url }, 'could not read a Slack request body');
        const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && err.type === 'entity.too.large';
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400).end();
      },
    );
  };
}
