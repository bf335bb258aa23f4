import { ALICE, BOB, CAROL, messageText, startE2E, type E2E } from '../helpers/e2e';

/** A tiny RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

/**
 * Your data, your call: `/ledger export` sends the caller their own history as a CSV file in their DM
 * (produced through the outbox, never inside the request); an admin may export the whole workspace.
 * The file is exactly what the database holds.
 */
describe('export', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
    await t.command(
      ALICE,
      '/delegate',
      `<@${BOB}> Draft the survey, "v2", by Friday; I'll review your outline by Thursday`,
    );
    await t.command(BOB, '/outcome', 'D-1 win =SUM(A1:A9) is not a formula here');
    await t.command(CAROL, '/commit', 'Book the room, with a view by Friday');
    await t.settle();
  });
  afterAll(async () => {
    await t.stop();
  });

  const exportFor = async (user: string, text = 'export') => {
    const before = t.standIn.files().length;
    const r = await t.command(user, '/ledger', text);
    await t.settle();
    const file = await t.standIn.waitFor((s) => (s.files().length > before ? s.files().at(-1) : undefined));
    return { reply: r.text, file, rows: parseCsv(file.bytes!.toString('utf8')) };
  };

  it('sends Bob his own history as a file in his DM, and says so at once', async () => {
    const { reply, file, rows } = await exportFor(BOB);
    expect(reply).toMatch(/arrive as a CSV file in your DM/);
    expect(file.name).toBe('trustloop-export-2026-11-25.csv');
    expect(file.channels.some((c) => c.startsWith('D'))).toBe(true);
    expect(rows[0]).toContain('kind');
    const kinds = rows.slice(1).map((r) => r[0]);
    expect(kinds).toContain('delegation');
    expect(kinds).toContain('ledger');
    expect(JSON.stringify(rows)).not.toContain('Book the room'); // Carol’s own promise is not Bob’s
  });

  it('shows its progress in the DM first, and that message says the file is ready once it has gone', async () => {
    await exportFor(BOB);
    const progress = await t.standIn.waitFor((s) =>
      s
        .messageUpdates()
        .find(
          (u) => messageText(u.previous).includes('Putting your data together') && u.channel.startsWith('D'),
        ),
    );
    expect(messageText(progress.message)).toMatch(/Your data is ready — the file is just below/);
    // posted before the file, in the same DM
    const dm = t.standIn.dmsTo(BOB);
    expect(dm.some((m) => m.ts === progress.ts)).toBe(true);
  });

  it('is exactly what the database holds: every row round-trips, times in UTC and in Bob’s zone', async () => {
    const { rows } = await exportFor(BOB);
    const [head, ...body] = rows;
    const col = (name: string) => head!.indexOf(name);
    const db = await t.db.query<{ id: string; action: string; note: string | null; at: Date }>(
      `select id, action, note, at from ledger_entries where owner_id = $1 or actor_id = $1 order by id`,
      [BOB],
    );
    const ledger = body.filter((r) => r[0] === 'ledger');
    // a field a spreadsheet would run as a formula carries a leading apostrophe; otherwise byte for byte
    const unguard = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
    expect(
      ledger.map((r) => [r[col('entry_id')], r[col('action')], unguard(r[col('text')]!), r[col('at_utc')]]),
    ).toEqual(db.rows.map((e) => [String(e.id), e.action, e.note ?? '', e.at.toISOString()]));
    const d1 = body.find((r) => r[0] === 'delegation' && r[col('ref')] === 'D-1')!;
    expect(d1[col('text')]).toBe('Draft the survey, "v2"');
    expect(d1[col('lesson')]).toBe("'=SUM(A1:A9) is not a formula here"); // never run as a formula
    expect(d1[col('due_local')]).toMatch(/-05:00$/); // Bob is in New York
  });

  it('only an admin may export the workspace; anyone else is told, and nothing is sent', async () => {
    const before = t.standIn.files().length;
    const r = await t.command(CAROL, '/ledger', 'export workspace');
    expect(r.text).toMatch(/Only a workspace admin or owner can export the whole workspace/);
    await t.settle();
    expect(t.standIn.files()).toHaveLength(before);
    t.standIn.updateUser(ALICE, { is_admin: true });
    const { file, rows } = await exportFor(ALICE, 'export workspace');
    expect(file.name).toBe('trustloop-workspace-export-2026-11-25.csv');
    const text = JSON.stringify(rows);
    expect(text).toContain('Book the room, with a view');
    expect(text).toContain('Draft the survey');
  });
});
