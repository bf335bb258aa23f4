import type { Queryable } from './db';

/**
 * Records a signed request (or an Events API event) the first time it is seen. True for the first
 * delivery, false for a replay or a retry of one already recorded, on any replica: the primary key
 * decides, and `on conflict do nothing` makes concurrent duplicates race safely to one winner.
 */
export async function rememberRequestOnce(db: Queryable, key: string, expiresAt: Date): Promise<boolean> {
  const { rows } = await db.query<{ key: string }>(
    `insert into slack_request_replays (key, expires_at) values ($1, $2)
     on conflict (key) do nothing
     returning key`,
    [key, expiresAt],
    // every signed request runs it
    { prepared: true },
  );
  return rows.length === 1;
}

/**
 * rememberRequestOnce for many requests in one statement (one round trip and one commit), answering
 * for each in order. A key given twice is first for its first appearance only, as two separate
 * statements would have decided.
 */
export async function rememberRequestsOnce(
  db: Queryable,
  requests: readonly { key: string; expiresAt: Date }[],
): Promise<boolean[]> {
  if (requests.length === 1) return [await rememberRequestOnce(db, requests[0].key, requests[0].expiresAt)];
  const { rows } = await db.query<{ key: string }>(
    `insert into slack_request_replays (key, expires_at)
     select * from unnest($1::text[], $2::timestamptz[])
     on conflict (key) do nothing
     returning key`,
    [requests.map((r) => r.key), requests.map((r) => r.expiresAt)],
    { prepared: true },
  );
  const inserted = new Set(rows.map((r) => r.key));
  return requests.map((r) => inserted.delete(r.key));
}

/** Forgets requests whose signatures have gone stale: they can no longer be replayed. */
export async function purgeExpiredRequests(db: Queryable, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `with gone as (delete from slack_request_replays where expires_at < $1 returning 1)
     select count(*)::int as n from gone`,
    [now],
  );
  return rows[0]?.n ?? 0;
}
