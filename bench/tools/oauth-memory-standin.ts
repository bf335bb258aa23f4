/**
 * The Slack stand-in for bench/tools/oauth-memory.ts, in its own process so its memory (N workspaces,
 * their messages) is not counted with the app's: N workspaces of two people and a channel, each with
 * the app installed. Prints one JSON line — the API URL and each install's answer — then serves until
 * its stdin closes.
 *   node --require tsx/cjs bench/tools/oauth-memory-standin.ts <n> <clientId> <clientSecret>
 */
import { startSlackStandIn } from '../../src/sandbox/slack-api';
import { BOT_SCOPE_NAMES } from '../../src/slack/scopes';

export const teamOf = (i: number) => `T${String(i).padStart(7, '0')}`;
export const peopleOf = (i: number) => ({
  lead: `U${String(i).padStart(7, '0')}A`,
  mate: `U${String(i).padStart(7, '0')}B`,
  channel: `C${String(i).padStart(7, '0')}`,
});

async function main(): Promise<void> {
  const [n, clientId, clientSecret] = [
    Number(process.argv[2] ?? 10_000),
    process.argv[3] ?? '1.2',
    process.argv[4] ?? 'secret',
  ];
  const standIn = await startSlackStandIn({ strictTokens: true, oauth: { clientId, clientSecret } });
  const installs: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const teamId = teamOf(i);
    const p = peopleOf(i);
    standIn.addWorkspace({
      teamId,
      users: [
        { id: p.lead, name: `lead${i}`, tz: 'Europe/Berlin', is_admin: true },
        { id: p.mate, name: `mate${i}`, tz: 'America/New_York' },
      ],
      channels: [{ id: p.channel, name: `team-${i}`, members: [p.lead, p.mate] }],
    });
    installs.push(standIn.install({ teamId, scopes: BOT_SCOPE_NAMES }));
  }
  process.stdout.write(`${JSON.stringify({ apiUrl: standIn.apiUrl, installs })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void standIn.close().then(() => process.exit(0)));
}

if (require.main === module) void main();
