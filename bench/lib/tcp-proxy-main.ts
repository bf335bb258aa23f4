/** The round-robin TCP proxy in its own process: `tcp-proxy-main <port,port,…>`; prints PROXY_PORT=<n>. */
import { startTcpProxy } from './tcp-proxy';

async function main(): Promise<void> {
  const ports = (process.argv[2] ?? '').split(',').filter(Boolean).map(Number);
  const proxy = await startTcpProxy(ports.map((port) => ({ host: '127.0.0.1', port })));
  process.stdout.write(`PROXY_PORT=${proxy.port}\n`);
  const stop = () => {
    process.stdout.write(`PROXY_ACCEPTED=${proxy.accepted.join(',')}\n`);
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.resume();
  process.stdin.on('end', stop);
}

void main();
