import http from 'node:http';
import { boltLogger, createLogger } from '../../src/logger';
import { logCapture } from '../helpers/raw-http';

/** Logs never carry a token, a secret, headers, cookies or a request object, however deep they sit. */
describe('what the logs may carry', () => {
  /** A real request as Node hands it to us, with credentials in its headers. */
  async function liveRequest(): Promise<{
    req: http.IncomingMessage;
    res: http.ServerResponse;
    close(): Promise<void>;
  }> {
    let answer!: (v: { req: http.IncomingMessage; res: http.ServerResponse }) => void;
    const got = new Promise<{ req: http.IncomingMessage; res: http.ServerResponse }>(
      (resolve) => (answer = resolve),
    );
    const server = http.createServer((req, res) => answer({ req, res }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    const pending = fetch(`http://127.0.0.1:${port}/slack/events?code=oauth-code-SECRET-Q`, {
      headers: { Authorization: 'Bearer xoxp-SECRET-AUTH', Cookie: 'session=SECRET-COOKIE' },
    }).then((r) => r.text());
    const { req, res } = await got;
    return {
      req,
      res,
      async close() {
        res.end('ok');
        await pending;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  it('redacts credentials and drops request objects at any depth, in every kind of log call, even at trace', async () => {
    const out = logCapture();
    const log = createLogger({ level: 'trace', pretty: false }, out);
    const live = await liveRequest();
    try {
      const err = Object.assign(new Error('Slack said no'), {
        code: 'slack_webapi_platform_error',
        req: live.req,
        config: { headers: { Authorization: 'Bearer xoxb-SECRET-IN-ERROR' } },
        cause: Object.assign(new Error('underneath'), { data: { client_secret: 'SECRET-IN-CAUSE' } }),
      });
      const nested = {
        a: {
          b: { c: { d: { headers: { authorization: 'Bearer SECRET-DEEP-1', cookie: 'SECRET-DEEP-2' } } } },
        },
        install: {
          bot: { botToken: 'xoxb-SECRET-3', refresh_token: 'xoxe-SECRET-4' },
          client_secret: 'SECRET-5',
        },
        list: [
          { password: 'SECRET-6' },
          { deeper: [{ signingSecret: 'SECRET-7', 'Set-Cookie': ['SECRET-8'] }] },
        ],
        request: live.req,
        response: live.res,
        socket: live.req.socket,
        databaseUrl: 'postgres://app:SECRET-9@db/trustloop',
        response_url: 'https://hooks.slack.com/actions/T1/1/SECRET-10',
      };
      log.trace(nested, 'nested hostile object');
      log.debug({ err }, 'an error carrying a request');
      log.error(err);
      log.info(
        'printf style %o and %j',
        { token: 'xoxb-SECRET-11' },
        { deep: { x: { secret: 'SECRET-12' } } },
      );
      log
        .child({ module: 'x', token: 'xoxb-SECRET-13' })
        .child({ nested: { password: 'SECRET-14' } })
        .warn({ req: live.req }, 'from a child');
      const bolt = boltLogger(log);
      bolt.error('Bolt says', { headers: { cookie: 'SECRET-15' } }, err);
      bolt.debug(live.req);
      bolt.debug('function_executed with bot_access_token=xwfp-SECRET-16 and app token xapp-1-SECRET-17');
    } finally {
      await live.close();
    }
    const text = out.raw.join('\n');
    expect(out.raw.length).toBe(8);
    expect(text).not.toMatch(/SECRET/);
    // nothing of the request object itself: not its headers, not its socket, not its internals
    expect(text).not.toMatch(/rawHeaders|_readableState|127\.0\.0\.1|keep-alive|Bearer/);
    for (const line of out.raw) expect(line.length).toBeLessThan(4000);
    // and what is safe stays readable
    expect(out.lines[1]!.err).toMatchObject({
      type: 'Error',
      message: 'Slack said no',
      code: 'slack_webapi_platform_error',
      req: '[IncomingMessage]',
    });
    expect(out.lines[0]!.request).toBe('[IncomingMessage]');
    expect(out.lines[2]!.msg).toBe('Slack said no');
    expect(out.lines[4]!.module).toBe('x');
  });
});
