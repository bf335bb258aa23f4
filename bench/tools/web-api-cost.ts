/**
 * CPU per Web API call of the client the delivery loop uses, against the lean stand-in in its own
 * process: @slack/web-api's apiCall (fetch/undici, p-queue, p-retry) next to a plain node:http POST
 * over a keep-alive agent with the same form body. Prints app CPU ms per call (load-independent).
 *   node --require tsx/cjs bench/tools/web-api-cost.ts [calls] [concurrency]
 */
import http from 'node:http';
import { stringify } from 'node:querystring';
import { WebClient } from '@slack/web-api';
import { startLeanSlackProc } from '../lib/procs';

async function measure(
  name: string,
  calls: number,
  conc: number,
  call: (i: number) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < 200; i++) await call(i); // warm
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < calls) await call(next++);
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${name}: ${((cpu.user + cpu.system) / 1000 / calls).toFixed(3)} ms CPU per call, ${Math.round(calls / (ms / 1000))} calls/s`,
  );
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 5000);
  const conc = Number(process.argv[3] ?? 50);
  const slack = await startLeanSlackProc();
  await slack.client.configure({ channelLimitPerSec: null, recordTimes: false });
  const url = new URL(slack.client.apiUrl);
  const args = (i: number) => ({
    channel: `U${String(i).padStart(6, '0')}`,
    text: 'Reminder: 3 things due',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(400) } }],
  });
  const wc = new WebClient('xoxb-bench-token', {
    slackApiUrl: slack.client.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  const agent = new http.Agent({ keepAlive: true });
  const post = (i: number) =>
    new Promise<unknown>((resolve, reject) => {
      const a = args(i);
      const body = stringify({ channel: a.channel, text: a.text, blocks: JSON.stringify(a.blocks) });
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}chat.postMessage`,
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: {
            Authorization: 'Bearer xoxb-bench-token',
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let k = 0; k < 2; k++) {
    await measure('@slack/web-api apiCall', calls, conc, (i) => wc.apiCall('chat.postMessage', args(i)));
    await measure('node:http keep-alive  ', calls, conc, post);
  }
  await slack.stop();
}

void main();
