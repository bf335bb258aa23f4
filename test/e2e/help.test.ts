/** Every command answers `help` with a short usage card, only to the person who asked. */
import { ALICE, startE2E, type E2E } from '../helpers/e2e';

describe('help', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each([
    ['/delegate', /\/delegate @person what by when[\s\S]*stakes small\|medium\|large[\s\S]*D-3 reassign/],
    ['/outcome', /\/outcome D-12 win[\s\S]*C-7 kept/],
    ['/commit', /\/commit what by when[\s\S]*C-7 by next Monday/],
    ['/ledger', /`\/ledger`[\s\S]*`\/ledger @person`/],
    ['/ritual', /\/ritual retro every Friday[\s\S]*\/ritual me hours/],
  ])('%s help', async (command, usage) => {
    for (const text of ['help', ' HELP ', '?']) {
      const r = await t.command(ALICE, command, text);
      expect(r.status).toBe(200);
      expect((r.body as { response_type?: string }).response_type).toBe('ephemeral');
      expect(r.text).toMatch(usage);
      expect(r.text).toContain('help`');
    }
    const { rows } = await t.db.query<{ n: number }>(
      `select (select count(*) from delegations) + (select count(*) from commitments) + (select count(*) from rituals) as n`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
