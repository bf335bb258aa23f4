import { createHmac } from 'node:crypto';
import { closeAtVersion, insertDelegationAtRef, readCloseContext } from '../../src/db/delegations';
import type { Db } from '../../src/db/db';
import { createTestDb } from '../helpers/db';
import {
  ALICE,
  BOB,
  CAROL,
  GENERAL,
  SIGNING_SECRET,
  START,
  startE2E,
  type E2E,
  rowCounts,
} from '../helpers/e2e';

/**
 * /delegate and /outcome write their change, its ledger entry and its outbox rows in one statement
 * each, with a reference read beforehand (compare-and-set): what that must never cost.
 */
describe('one statement per command: the compare-and-set keeps refs, ledger and messages right', () => {
  let t: E2E;
  let team: string;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const counts = () => rowCounts(t);

  it('gives concurrent /delegate in one workspace distinct refs, each with its entry and its DM', async () => {
    const before = await counts();
    const replies = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) =>
        t.command(ALICE, '/delegate', `<@${i % 2 ? BOB : CAROL}> Concurrent task ${i} by Friday`),
      ),
    );
    const refs = replies.map((r) => Number(/D-(\d+)/.exec(r.text)?.[1]));
    team = (await t.db.query<{ team_id: string }>('select team_id from delegations limit 1')).rows[0]!
      .team_id;
    expect([...refs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const { rows } = await t.db.query<{ ref: number; title: string; entries: number; dms: number }>(
      `select d.ref, d.title,
              (select count(*)::int from ledger_entries l where l.team_id = d.team_id and l.subject = 'delegation'
                  and l.subject_ref = d.ref and l.action = 'delegated') as entries,
              (select count(*)::int from outbox o where o.team_id = d.team_id
                  and o.idempotency_key = 'delegation:' || d.ref || ':assigned') as dms
         from delegations d order by d.ref`,
    );
    expect(rows.map((r) => [r.entries, r.dms])).toEqual(rows.map(() => [1, 1]));
    // each reply names the delegation its own text became
    for (const [i, ref] of refs.entries())
      expect(rows.find((x) => x.ref === ref)!.title).toBe(`Concurrent task ${i + 1}`);
    const { rows: counter } = await t.db.query<{ next: number }>(
      'select next_delegation_ref as next from workspaces',
    );
    expect(counter[0]!.next).toBe(7);
    expect((await counts()).delegations).toBe(before.delegations + 6);
  });

  it('writes nothing for a replayed /delegate: the same signed request acts once', async () => {
    const body = new URLSearchParams({
      token: 'x',
      team_id: team,
      team_domain: 'e2e',
      channel_id: GENERAL,
      channel_name: 'general',
      user_id: ALICE,
      user_name: 'alice',
      command: '/delegate',
      text: `<@${BOB}> Replayed task by Friday`,
      api_app_id: 'A0E2E',
      response_url: 'https://hooks.slack.com/commands/T/1/x',
      trigger_id: '1.2.3',
    }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const post = () =>
      fetch(`${t.app.url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': signature,
        },
        body,
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/D-7/);
    const after = await counts();
    const replay = await post();
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe('');
    expect(await counts()).toEqual(after);
  });

  it('writes nothing when the reference was taken after it was read', async () => {
    const before = await counts();
    const at = START;
    const written = await insertDelegationAtRef(
      t.db,
      {
        teamId: team,
        ref: 3, // taken above
        leaderId: ALICE,
        assigneeId: BOB,
        title: 'Too late',
        success: null,
        buffer: null,
        stakes: 'small',
        dueAt: new Date(at.getTime() + 86_400_000),
        channelId: GENERAL,
        createdAt: at,
        sourcePermalink: null,
      },
      { actorId: ALICE, action: 'delegated', fromStatus: null, toStatus: 'open', note: 'Too late', at },
      {
        messages: [
          {
            teamId: team,
            key: 'delegation:3:assigned:late',
            method: 'chat.postMessage',
            payload: {},
            channelKey: BOB,
            notBefore: at,
          },
        ],
        homes: [{ teamId: team, userId: BOB }],
        changed: [],
        now: at,
      },
    );
    expect(written).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('closes nothing, and queues nothing, when the delegation changed after it was read', async () => {
    const known = (await readCloseContext(t.db, team, 1))!;
    expect(known.delegation.status).toBe('open');
    await t.db.query(
      `update delegations set buffer = 'a review on Thursday' where team_id = $1 and ref = 1`,
      [team],
    );
    const before = await counts();
    const closed = await closeAtVersion(
      t.db,
      team,
      1,
      known.rowVersion,
      { status: 'won', lesson: null, closedBy: BOB, closedAt: START },
      {
        messages: [
          {
            teamId: team,
            key: 'delegation:1:celebration',
            method: 'chat.postMessage',
            payload: {},
            channelKey: GENERAL,
            notBefore: START,
          },
        ],
        homes: [],
        changed: [{ teamId: team, subjects: ['delegation:1'] }],
        now: START,
      },
    );
    expect(closed).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('and /outcome then closes that delegation once, with its entry and its celebration', async () => {
    const holder = (
      await t.db.query<{ assignee_id: string }>(`select assignee_id from delegations where ref = 1`)
    ).rows[0]!.assignee_id;
    const r = await t.command(holder, '/outcome', 'D-1 win');
    expect(r.text).toMatch(/closed as/);
    const { rows } = await t.db.query<{ status: string; entries: number; celebrations: number }>(
      `select d.status,
              (select count(*)::int from ledger_entries l where l.team_id = d.team_id and l.subject_ref = 1
                  and l.subject = 'delegation' and l.action = 'won') as entries,
              (select count(*)::int from outbox o where o.team_id = d.team_id
                  and o.idempotency_key = 'delegation:1:celebration') as celebrations
         from delegations d where d.ref = 1`,
    );
    expect(rows[0]).toEqual({ status: 'won', entries: 1, celebrations: 1 });
  });

  it('closes a delegation once when its holder and its leader close it at the same moment', async () => {
    const holder = (
      await t.db.query<{ assignee_id: string }>(`select assignee_id from delegations where ref = 2`)
    ).rows[0]!.assignee_id;
    const [a, b] = await Promise.all([
      t.command(holder, '/outcome', 'D-2 win'),
      t.command(ALICE, '/outcome', 'D-2 win'),
    ]);
    const texts = [a.text, b.text];
    expect(texts.filter((x) => /closed as/.test(x))).toHaveLength(1);
    expect(texts.filter((x) => /already closed/.test(x))).toHaveLength(1);
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from ledger_entries where subject = 'delegation' and subject_ref = 2 and action = 'won'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('concurrent /delegate in one workspace do not race each other for the reference', () => {
  it('writes each once, at the reference after the one written before it, without a re-read or a transaction', async () => {
    const db = await createTestDb();
    const seen: string[] = [];
    const counted: Db = {
      kind: db.kind,
      query: (text, params, opts) => {
        seen.push(text);
        return db.query(text, params, opts);
      },
      exec: (sql) => db.exec(sql),
      transaction: (fn) => {
        seen.push('BEGIN');
        return db.transaction(fn);
      },
      close: () => db.close(),
    };
    const t = await startE2E({ db: counted });
    try {
      // the first command makes the workspace's row; the six after it read the same next reference
      await t.command(ALICE, '/delegate', `<@${BOB}> First task by Friday`);
      seen.length = 0;
      const replies = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) =>
          t.command(ALICE, '/delegate', `<@${BOB}> Parallel task ${i} by Friday`),
        ),
      );
      const refs = replies.map((r) => Number(/D-(\d+)/.exec(r.text)?.[1]));
      expect([...refs].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
      const writes = seen.filter((s) => s.includes('insert into workspaces (team_id, next_delegation_ref)'));
      expect(writes).toHaveLength(6);
      expect(seen.filter((s) => /select next_delegation_ref as ref/.test(s))).toHaveLength(0);
      expect(seen.filter((s) => s === 'BEGIN')).toHaveLength(0);
    } finally {
      await t.stop(); // closes the database it was given
    }
  });
});
