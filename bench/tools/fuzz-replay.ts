/**
 * Replays chosen inputs of drill 5's fuzzer (same seed) one by one against a fresh app and prints each
 * answer with the app's log lines — to see why an input got a 5xx or no answer.
 *   node --require tsx/cjs bench/tools/fuzz-replay.ts <count> [status-filter, e.g. 500|0|404]
 */
import { Fuzzer, fuzzInput, safeDecode } from '../drills/fuzz';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { appEnv, startProc } from '../lib/procs';
import { openMigrated, seedPopulation } from '../lib/seed';
import { send } from '../lib/slack-requests';
import { sleep } from '../lib/util';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 300);
  const filter = process.argv[3] ? Number(process.argv[3]) : null;
  const database = runDatabase('fuzz_replay');
  await createDatabase(database);
  const seed = await openMigrated({ kind: 'postgres', database });
  await seedPopulation(seed, { teams: 3, leadersPerTeam: 10, assigneesPerTeam: 10, channelsPerTeam: 5 }, 5);
  await seed.close();
  const { server: lean, client: slack } = await startLeanSlack({ knownUsers: '^U(L|A)0[0-9]{4}$' });
  const app = await startProc({ label: 'replay', env: appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(database), port: 0, logLevel: 'warn' }) });
  const f = new Fuzzer(6);
  const inputs = Array.from({ length: count }, (_, i) => fuzzInput(f, i, (id) => slack.responseUrl(id)));
  const seen = new Map<string, number>();
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < count; i += 8) {
        const input = inputs[i]!;
        const before = app.tail.length;
        const r = await send(app.url, input.req, 5000);
        await sleep(50);
        if (filter !== null && r.status !== filter) continue;
        const key = `${r.status} ${input.kind}/${input.what}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if ((seen.get(key) ?? 0) > 2) continue;
        console.log(`#${i} ${key} ${Math.round(r.ms)} ms ${r.error ?? ''}\n  body: ${safeDecode(input.req.body).slice(0, 300)}\n  answer: ${r.text.slice(0, 200)}`);
        for (const l of app.tail.slice(before).slice(0, 4)) console.log(`  log: ${l.slice(0, 600)}`);
      }
    }),
  );
  console.log([...seen].map(([k, v]) => `${v}× ${k}`).join('\n'));
  await app.stop();
  await lean.close();
  await dropDatabase(database);
}

void main();
