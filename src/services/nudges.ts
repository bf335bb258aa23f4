import { DateTime } from 'luxon';
import type { OutboxRow } from '../db/outbox';
import { bundledKeys, itemStates, openItemsNeedingAttention, owedTo, recordBundledKeys, setSnooze, type OpenItemRow } from '../db/nudges';
import { getMember } from '../db/members';
import { InputError } from '../errors';
import { nudgeBundle, snoozedReply, weeklyNote, type NudgeItem } from '../views/nudges';
import type { MessageView } from '../views/message';
import { hoursOf, memberOf } from './members';
import type { ServiceDeps } from './ports';
import { reminderKey, reminderPlan, type ReminderKind } from './schedule/reminders';
import { snoozeUntil, type SnoozeChoice } from './schedule/snooze';
import { isWorkingTime, nextWorkingStart, workingWindowKey } from './schedule/working-hours';

/** How many open items one tick looks at; the rest wait for the next tick (ordered, so none starves). */
export const TICK_ITEM_LIMIT = 200_000;

interface PersonBundle {
  teamId: string;
  userId: string;
  windowKey: string;
  items: { subject: 'delegation' | 'commitment'; ref: number; kind: ReminderKind }[];
  keys: string[];
}

const RANK: Record<ReminderKind, number> = { before: 0, halfway: 1, due: 2, overdue: 3 };

/**
 * Decides who gets a reminder DM now. For every open item it takes the reminder points (pure rules in
 * schedule/reminders) that have reached the owner's working hours and were never bundled; a person in
 * their working window gets ONE DM for the window listing all of them (bundling), each item once with
 * its latest kind (catch-up: after downtime an item is named once, not once per missed point).
 * Snoozed people and people outside their hours wait. Idempotent: the DM's key is the person's window,
 * and each point's key is recorded with it in the same transaction.
 */
export function planBundles(rows: OpenItemRow[], now: Date, alreadyBundled: Set<string>): PersonBundle[] {
  const byPerson = new Map<string, PersonBundle>();
  for (const row of rows) {
    const hours = hoursOf(row);
    if (row.snoozed_until && row.snoozed_until.getTime() > now.getTime()) continue;
    if (!isWorkingTime(now, hours)) continue;
    const due = reminderPlan({ createdAt: row.created_at, dueAt: row.due_at, stakes: row.stakes }, row.tz).filter(
      (p) => nextWorkingStart(p.at, hours).getTime() <= now.getTime(),
    );
    const fresh = due.filter((p) => !alreadyBundled.has(`${row.team_id}|${reminderKey(row.team_id, row.subject, row.ref, p.kind, row.due_at)}`));
    if (fresh.length === 0) continue;
    const latest = fresh.reduce((a, b) => (RANK[b.kind] > RANK[a.kind] ? b : a));
    const personKey = `${row.team_id}|${row.user_id}`;
    let bundle = byPerson.get(personKey);
    if (!bundle) {
      bundle = { teamId: row.team_id, userId: row.user_id, windowKey: workingWindowKey(now, hours), items: [], keys: [] };
      byPerson.set(personKey, bundle);
    }
    bundle.items.push({ subject: row.subject, ref: row.ref, kind: latest.kind });
    // every point reached so far is covered by this one mention
    bundle.keys.push(...due.map((p) => reminderKey(row.team_id, row.subject, row.ref, p.kind, row.due_at)));
  }
  return [...byPerson.values()];
}

export async function enqueueReminders(deps: ServiceDeps): Promise<{ bundles: number; items: number }> {
  const now = deps.clock.now();
  const rows = await openItemsNeedingAttention(deps.db, now, TICK_ITEM_LIMIT);
  const candidateKeys = rows.flatMap((r) =>
    reminderPlan({ createdAt: r.created_at, dueAt: r.due_at, stakes: r.stakes }, r.tz)
      .filter((p) => p.at.getTime() <= now.getTime() + 24 * 3600_000)
      .map((p) => ({ teamId: r.team_id, key: reminderKey(r.team_id, r.subject, r.ref, p.kind, r.due_at) })),
  );
  const seen = await bundledKeys(deps.db, candidateKeys);
  const bundles = planBundles(rows, now, seen);
  let sent = 0;
  let items = 0;
  // One transaction per chunk of people: the DM and the record of what it covered commit together.
  for (let i = 0; i < bundles.length; i += 500) {
    const chunk = bundles.slice(i, i + 500);
    await deps.db.transaction(async (tx) => {
      const { rows: inserted } = await tx.query<{ team_id: string; idempotency_key: string }>(
        `insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
         select b.team_id, b.key, 'nudge', 'chat.postMessage', b.payload, b.user_id, $2
           from jsonb_to_recordset($1::jsonb) as b(team_id text, key text, user_id text, payload jsonb)
         on conflict (team_id, idempotency_key) do nothing
         returning team_id, idempotency_key`,
        [
          JSON.stringify(
            chunk.map((b) => ({
              team_id: b.teamId,
              key: `nudge:${b.userId}:${b.windowKey}`,
              user_id: b.userId,
              payload: { user_id: b.userId, items: b.items },
            })),
          ),
          now,
        ],
      );
      const fresh = new Set(inserted.map((r) => `${r.team_id}|${r.idempotency_key}`));
      for (const b of chunk) {
        const key = `nudge:${b.userId}:${b.windowKey}`;
        if (!fresh.has(`${b.teamId}|${key}`)) continue; // this window's DM already went: the rest waits for the next window
        await recordBundledKeys(tx, b.teamId, b.userId, key, b.keys, now);
        sent++;
        items += b.items.length;
      }
    });
  }
  if (sent > 0) deps.log.info({ bundles: sent, items }, 'reminders bundled');
  return { bundles: sent, items };
}

/** Renders a reminder bundle when it is sent: only what is still open; nothing left → dropped. */
export async function renderNudge(deps: ServiceDeps, row: OutboxRow): Promise<Record<string, unknown> | null> {
  const userId = String(row.payload.user_id);
  const wanted = (row.payload.items ?? []) as { subject: 'delegation' | 'commitment'; ref: number; kind: ReminderKind }[];
  const states = await itemStates(deps.db, row.team_id, wanted);
  const items: NudgeItem[] = states
    .filter((s) => s.open)
    .map((s) => ({ ...s, kind: wanted.find((w) => w.subject === s.subject && w.ref === s.ref)?.kind ?? 'due' }));
  if (items.length === 0) return null;
  const member = await getMember(deps.db, row.team_id, userId);
  const tz = member?.tz ?? 'UTC';
  const endOfDay = DateTime.fromJSDate(deps.clock.now(), { zone: tz }).endOf('day').toJSDate();
  const owed = await owedTo(deps.db, row.team_id, userId, endOfDay);
  const view = nudgeBundle(items, owed, tz, row.id);
  return { channel: userId, text: view.text, blocks: view.blocks, unfurl_links: false };
}

export const SNOOZE_CHOICES = ['1h', 'tomorrow', 'monday'] as const;

/**
 * Snooze: quiets this person's reminders until a later working moment and brings the same bundle back
 * then. Not a renegotiation: no due date moves and nothing is written to the ledger.
 */
export async function snoozeReminders(deps: ServiceDeps, teamId: string, userId: string, choice: SnoozeChoice, bundleId: number): Promise<MessageView> {
  const now = deps.clock.now();
  const me = await memberOf(deps, teamId, userId);
  const until = snoozeUntil(choice, now, hoursOf(me));
  const { rows } = await deps.db.query<{ payload: { items?: unknown[] } }>(
    `select payload from outbox where team_id = $1 and id = $2 and kind = 'nudge' and channel_key = $3`,
    [teamId, bundleId, userId],
  );
  if (!rows[0]) throw new InputError('unknown_bundle', 'I couldn’t find that reminder any more — nothing to snooze.');
  await deps.db.transaction(async (tx) => {
    await setSnooze(tx, teamId, userId, until);
    await tx.query(
      `insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
       values ($1, $2, 'nudge', 'chat.postMessage', $3::jsonb, $4, $5)
       on conflict (team_id, idempotency_key) do nothing`,
      [teamId, `nudge:${userId}:snoozed:${bundleId}:${until.toISOString()}`, JSON.stringify({ user_id: userId, items: rows[0].payload.items ?? [] }), userId, until],
    );
  });
  deps.log.info({ teamId, user: userId, until: until.toISOString(), choice }, 'reminders snoozed');
  return snoozedReply(until, me.tz);
}

/**
 * Monday-morning say/do note for everyone with promises: enqueued once per person per ISO week, when
 * their Monday working window is open.
 */
export async function enqueueWeeklyNotes(deps: ServiceDeps): Promise<number> {
  const now = deps.clock.now();
  const { rows } = await deps.db.query<OpenItemRow>(
    `select m.team_id, m.user_id, m.tz, m.work_start, m.work_end, m.work_days,
            array(select to_char(q, 'YYYY-MM-DD') from unnest(m.quiet_dates) q) as quiet_dates,
            to_char(m.away_from, 'YYYY-MM-DD') as away_from, to_char(m.away_until, 'YYYY-MM-DD') as away_until, m.snoozed_until
       from members m
      where exists (select 1 from commitments c where c.team_id = m.team_id and c.owner_id = m.user_id
                      and c.created_at > $1::timestamptz - interval '8 weeks')`,
    [now],
  );
  const due = rows.filter((m) => {
    const local = DateTime.fromJSDate(now, { zone: m.tz });
    return local.weekday === 1 && isWorkingTime(now, hoursOf(m));
  });
  if (due.length === 0) return 0;
  const r = await deps.db.query(
    `insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
     select w.team_id, w.key, 'weekly', 'chat.postMessage', jsonb_build_object('user_id', w.user_id), w.user_id, $2
       from jsonb_to_recordset($1::jsonb) as w(team_id text, key text, user_id text)
     on conflict (team_id, idempotency_key) do nothing`,
    [
      JSON.stringify(
        due.map((m) => ({ team_id: m.team_id, user_id: m.user_id, key: `weekly:${m.user_id}:${DateTime.fromJSDate(now, { zone: m.tz }).toFormat("kkkk-'W'WW")}` })),
      ),
      now,
    ],
  );
  return r.rowCount;
}

export async function renderWeekly(deps: ServiceDeps, row: OutboxRow): Promise<Record<string, unknown> | null> {
  const userId = String(row.payload.user_id);
  const member = await getMember(deps.db, row.team_id, userId);
  const tz = member?.tz ?? 'UTC';
  const local = DateTime.fromJSDate(deps.clock.now(), { zone: tz });
  const thisMonday = local.startOf('week');
  const lastMonday = thisMonday.minus({ weeks: 1 });
  const { rows } = await deps.db.query<{ action: string; n: number }>(
    `select action, count(*)::int as n from ledger_entries
      where team_id = $1 and owner_id = $2 and subject = 'commitment' and at >= $3 and at < $4
      group by action`,
    [row.team_id, userId, lastMonday.toJSDate(), thisMonday.toJSDate()],
  );
  const n = (a: string[]) => rows.filter((r) => a.includes(r.action)).reduce((s, r) => s + r.n, 0);
  const { rows: dueRows } = await deps.db.query<{ ref: number; text: string; due_at: Date }>(
    `select ref, text, due_at from commitments where team_id = $1 and owner_id = $2 and status = 'open' and due_at < $3 order by due_at limit 10`,
    [row.team_id, userId, thisMonday.plus({ weeks: 1 }).toJSDate()],
  );
  const view = weeklyNote({ said: n(['said']), kept: n(['kept']), moved: n(['moved']), missed: n(['missed', 'owned_miss']) }, dueRows, tz);
  return { channel: userId, text: view.text, blocks: view.blocks, unfurl_links: false };
}
