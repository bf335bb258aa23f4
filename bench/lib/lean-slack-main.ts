/** Runs the lean Slack stand-in in its own process; prints `LEAN_SLACK_URL=<url>` once listening. */
import { LeanSlack } from './lean-slack';

async function main(): Promise<void> {
  const server = new LeanSlack();
  const url = await server.listen(Number(process.env.LEAN_SLACK_PORT ?? 0));
  process.stdout.write(`LEAN_SLACK_URL=${url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Exit with the parent: stdin closes when the benchmark runner goes away.
  process.stdin.resume();
  process.stdin.on('end', stop);
}

void main();
