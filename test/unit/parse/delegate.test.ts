import {
  DEFAULT_DUE_DAYS,
  DELEGATE_USAGE,
  TASK_MAX,
  TEXT_MAX,
  parseDelegateCommand,
  type DelegateCommand,
  type Stakes,
} from '../../../src/services/parse/delegate';
import { errorOf, expectFriendly, valueOf } from './expect-result';

/** Wednesday 25 November 2026, 11:00 in Berlin. */
const NOW = new Date('2026-11-25T10:00:00Z');
const BERLIN = 'Europe/Berlin';

const FRIDAY = '2026-11-27T16:00:00.000Z';
const DEFAULT_DUE = '2026-12-02T16:00:00.000Z'; // a week from today, 17:00 Berlin

function delegate(text: string, now = NOW, tz = BERLIN): DelegateCommand {
  return valueOf(parseDelegateCommand(text, now, tz));
}

describe('/delegate: the example from the product brief', () => {
  const text =
    "<@U123ABC|ana> Draft the Q3 customer survey by Friday stakes medium; I'll review your outline by Wednesday; " +
    'I’ll pair on the data model tomorrow';

  it('reads the person, the task, the date, the stakes and both promises', () => {
    const d = delegate(text);
    expect(d.person).toEqual({ kind: 'id', userId: 'U123ABC' });
    expect(d.task).toBe('Draft the Q3 customer survey');
    expect(d.due.toISOString()).toBe(FRIDAY);
    expect(d.dueWasDefault).toBe(false);
    expect(d.dueMatched).toBe('Friday');
    expect(d.stakes).toBe('medium');
    expect(d.promises).toEqual([
      { text: 'review your outline', due: new Date('2026-11-25T16:00:00.000Z'), dueMatched: 'Wednesday' },
      { text: 'pair on the data model', due: new Date('2026-11-26T16:00:00.000Z'), dueMatched: 'tomorrow' },
    ]);
  });
});

describe('/delegate: task and due date', () => {
  it.each`
    text                                                             | task                                                       | due
    ${'<@U1> Draft the survey'}                                      | ${'Draft the survey'}                                      | ${DEFAULT_DUE}
    ${'@ana Draft the survey by Friday'}                             | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'@ana Draft the survey, by Friday.'}                           | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'@ana Draft the survey — by Friday'}                           | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'@ana Draft the survey BY FRIDAY'}                             | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'@ana Draft the report by the design team by Friday'}          | ${'Draft the report by the design team'}                   | ${FRIDAY}
    ${'@ana Draft the report by the design team'}                    | ${'Draft the report by the design team'}                   | ${DEFAULT_DUE}
    ${'@ana Draft the report by Friday for the board'}               | ${'Draft the report for the board'}                        | ${FRIDAY}
    ${'@ana Finish by Friday, reviewed by Ben'}                      | ${'Finish reviewed by Ben'}                                | ${FRIDAY}
    ${'@ana Sort the backlog by priority'}                           | ${'Sort the backlog by priority'}                          | ${DEFAULT_DUE}
    ${'@ana Sort by March sales'}                                    | ${'Sort by March sales'}                                   | ${DEFAULT_DUE}
    ${'@ana Plan the offsite by March'}                              | ${'Plan the offsite'}                                      | ${'2027-03-01T16:00:00.000Z'}
    ${'@ana Reduce churn by 5%'}                                     | ${'Reduce churn by 5%'}                                    | ${DEFAULT_DUE}
    ${'@ana Get it signed off by'}                                   | ${'Get it signed off by'}                                  | ${DEFAULT_DUE}
    ${'@ana Ship the beta in 3 days'}                                | ${'Ship the beta'}                                         | ${'2026-11-28T16:00:00.000Z'}
    ${'@ana Ship the beta within 2 weeks'}                           | ${'Ship the beta'}                                         | ${'2026-12-09T16:00:00.000Z'}
    ${'@ana Write the guide in 3 languages'}                         | ${'Write the guide in 3 languages'}                        | ${DEFAULT_DUE}
    ${'@ana Move the meeting in March'}                              | ${'Move the meeting in March'}                             | ${DEFAULT_DUE}
    ${'@ana Pay the invoice due Monday'}                             | ${'Pay the invoice'}                                       | ${'2026-11-30T16:00:00.000Z'}
    ${'@ana Collect the due invoices'}                               | ${'Collect the due invoices'}                              | ${DEFAULT_DUE}
    ${'@ana Update the deck due:2026-12-12'}                         | ${'Update the deck'}                                       | ${'2026-12-12T16:00:00.000Z'}
    ${'@ana Update the deck --due Monday'}                           | ${'Update the deck'}                                       | ${'2026-11-30T16:00:00.000Z'}
    ${'@ana Draft the memo by tomorrow 5pm'}                         | ${'Draft the memo'}                                        | ${'2026-11-26T16:00:00.000Z'}
    ${'@ana Draft the memo by Friday at 5'}                          | ${'Draft the memo'}                                        | ${FRIDAY}
    ${'@ana Draft the memo by EOD'}                                  | ${'Draft the memo'}                                        | ${'2026-11-25T16:00:00.000Z'}
    ${'@ana Draft the memo by end of week'}                          | ${'Draft the memo'}                                        | ${FRIDAY}
    ${'@ana Draft the memo by noon'}                                 | ${'Draft the memo'}                                        | ${'2026-11-25T11:00:00.000Z'}
    ${'@ana Prep the review by 12/12'}                               | ${'Prep the review'}                                       | ${'2026-12-12T16:00:00.000Z'}
    ${'@ana Prep the review by 3/4'}                                 | ${'Prep the review'}                                       | ${'2027-04-03T15:00:00.000Z'}
    ${'@ana Prep the review by Dec 12'}                              | ${'Prep the review'}                                       | ${'2026-12-12T16:00:00.000Z'}
    ${'@ana Prep the review by next Monday'}                         | ${'Prep the review'}                                       | ${'2026-11-30T16:00:00.000Z'}
    ${'@ana Draft the survey\nby Friday'}                            | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'@ana   Draft    the\tsurvey   by   Friday  '}                 | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'@ana: Draft the survey by Friday'}                            | ${'Draft the survey'}                                      | ${FRIDAY}
    ${'<@U1> Pair with <@U2|ben> on the rollout by Friday'}          | ${'Pair with <@U2|ben> on the rollout'}                    | ${FRIDAY}
    ${'<@U1> Read <https://example.com/a;b|the spec> by Monday'}     | ${'Read <https://example.com/a;b|the spec>'}               | ${'2026-11-30T16:00:00.000Z'}
    ${'<@U1> Check <https://example.com/by-friday|by Friday notes>'} | ${'Check <https://example.com/by-friday|by Friday notes>'} | ${DEFAULT_DUE}
  `('“$text” → “$task”, due $due', ({ text, task, due }: Record<string, string>) => {
    const d = delegate(text);
    expect(d.task).toBe(task);
    expect(d.due.toISOString()).toBe(due);
    expect(d.dueWasDefault).toBe(due === DEFAULT_DUE);
  });

  it(`defaults to ${DEFAULT_DUE_DAYS} days from today at 17:00 local, and says so`, () => {
    const d = delegate('<@U1> Draft the survey');
    expect(d.dueWasDefault).toBe(true);
    expect(d.dueMatched).toBeUndefined();
    expect(d.due.toISOString()).toBe(DEFAULT_DUE);
  });

  it('echoes the date words it used', () => {
    expect(delegate('@ana Draft the memo by tomorrow 5pm').dueMatched).toBe('tomorrow 5pm');
    expect(delegate('@ana Ship the beta in 3 days').dueMatched).toBe('in 3 days');
  });

  it('uses the last date when there are two, leaving the other in the task', () => {
    const d = delegate('@ana Prepare the Monday notes by Friday');
    expect(d.task).toBe('Prepare the Monday notes');
    expect(d.due.toISOString()).toBe(FRIDAY);
  });
});

describe('/delegate: the text is kept exactly as the person wrote it', () => {
  it.each`
    text                                                        | task
    ${"@ana Robert'); DROP TABLE delegations;--"}               | ${"Robert'); DROP TABLE delegations;--"}
    ${"@ana ' OR 1=1 -- by Friday"}                             | ${"' OR 1=1 --"}
    ${'@ana SELECT * FROM users WHERE name=admin'}              | ${'SELECT * FROM users WHERE name=admin'}
    ${'@ana Fix &lt;div&gt; alignment &amp; spacing by Friday'} | ${'Fix &lt;div&gt; alignment &amp; spacing'}
    ${'@ana R&amp;D plan; loop in finance by Friday'}           | ${'R&amp;D plan; loop in finance'}
    ${'@ana Ship it :tada: by Friday'}                          | ${'Ship it :tada:'}
    ${'@ana 🚀 Launch the 👩🏽‍💻 dev portal by Friday'}             | ${'🚀 Launch the 👩🏽‍💻 dev portal'}
    ${'@ana راجع التقرير الفصلي by Friday'}                     | ${'راجع التقرير الفصلي'}
    ${'@ana לסיים את הדוח by Friday'}                           | ${'לסיים את הדוח'}
    ${'@ana 調査票を作成する by Friday'}                        | ${'調査票を作成する'}
    ${'@ana Note: call the vendor at 5:30pm by Friday'}         | ${'Note: call the vendor at 5:30pm'}
    ${'@ana Read https://example.com/x by Friday'}              | ${'Read https://example.com/x'}
    ${'@ana Check `config:prod` by Friday'}                     | ${'Check `config:prod`'}
    ${'@ana Draft\u0000 the\u0007 survey\u001b by Friday'}      | ${'Draft the survey'}
    ${'@ana Draft\u200f the survey by Friday'}                  | ${'Draft\u200f the survey'}
  `('“$text” → “$task”', ({ text, task }: Record<string, string>) => {
    expect(delegate(text).task).toBe(task);
  });
});

describe('/delegate: stakes', () => {
  it.each`
    text                                                | stakes
    ${'@ana Draft the survey by Friday'}                | ${'small'}
    ${'@ana Draft the survey by Friday stakes medium'}  | ${'medium'}
    ${'@ana Draft the survey by Friday, stakes medium'} | ${'medium'}
    ${'@ana Draft the survey stakes medium by Friday'}  | ${'medium'}
    ${'@ana Draft the survey by Friday stakes:medium'}  | ${'medium'}
    ${'@ana Draft the survey by Friday stakes: large'}  | ${'large'}
    ${'@ana Draft the survey by Friday stakes=large'}   | ${'large'}
    ${'@ana Draft the survey by Friday STAKES Large'}   | ${'large'}
    ${'@ana Draft the survey by Friday --stakes large'} | ${'large'}
    ${'@ana Draft the survey by Friday —stakes=medium'} | ${'medium'}
    ${'@ana stakes large Draft the survey by Friday'}   | ${'large'}
    ${'@ana Draft the survey by Friday stakes small'}   | ${'small'}
    ${'@ana Draft the survey by Friday stakes low'}     | ${'small'}
    ${'@ana Draft the survey by Friday stakes high'}    | ${'large'}
    ${'@ana Raise the stakes for the Q3 launch'}        | ${'small'}
  `('“$text” → $stakes', ({ text, stakes }: { text: string; stakes: Stakes }) => {
    const d = delegate(text);
    expect(d.stakes).toBe(stakes);
    expect(d.task).not.toMatch(/stakes (?:small|medium|large|low|high)|stakes[:=]/i);
  });

  it('keeps “stakes” that is part of the task', () => {
    expect(delegate('@ana Raise the stakes for the Q3 launch').task).toBe(
      'Raise the stakes for the Q3 launch',
    );
  });
});

describe('/delegate: the leader’s own promises', () => {
  it.each`
    tail                                               | promises
    ${"; I'll review your outline by Wednesday"}       | ${[{ text: 'review your outline', due: '2026-11-25T16:00:00.000Z' }]}
    ${'; I’ll review your outline by Wednesday'}       | ${[{ text: 'review your outline', due: '2026-11-25T16:00:00.000Z' }]}
    ${'; I‘ll review your outline by Wednesday'}       | ${[{ text: 'review your outline', due: '2026-11-25T16:00:00.000Z' }]}
    ${'; I will review your outline by Wednesday'}     | ${[{ text: 'review your outline', due: '2026-11-25T16:00:00.000Z' }]}
    ${"; i'll send the data on Monday"}                | ${[{ text: 'send the data', due: '2026-11-30T16:00:00.000Z' }]}
    ${"; I'll pair on the data model tomorrow"}        | ${[{ text: 'pair on the data model', due: '2026-11-26T16:00:00.000Z' }]}
    ${"; I'll check in at 3pm"}                        | ${[{ text: 'check in', due: '2026-11-25T14:00:00.000Z' }]}
    ${"; I'll check in daily"}                         | ${[{ text: 'check in daily', due: null }]}
    ${"; I'll be around"}                              | ${[{ text: 'be around', due: null }]}
    ${"; I'll review by Wed; I'll demo it in 2 weeks"} | ${[{ text: 'review', due: '2026-11-25T16:00:00.000Z' }, { text: 'demo it', due: '2026-12-09T16:00:00.000Z' }]}
  `('“…$tail”', ({ tail, promises }: { tail: string; promises: { text: string; due: string | null }[] }) => {
    const d = delegate(`@ana Draft the survey by Friday${tail}`);
    expect(d.task).toBe('Draft the survey');
    expect(d.due.toISOString()).toBe(FRIDAY);
    expect(d.promises.map((p) => ({ text: p.text, due: p.due?.toISOString() ?? null }))).toEqual(promises);
  });

  it('leaves a promise without a date as due: null, for the caller to ask about', () => {
    const [promise] = delegate("@ana Draft the survey; I'll check in daily").promises;
    expect(promise).toEqual({ text: 'check in daily', due: null });
  });

  it('keeps `;` pieces that are not promises in the task', () => {
    const d = delegate("@ana Draft the survey; keep it short; I'll review it by Monday");
    expect(d.task).toBe('Draft the survey; keep it short');
    expect(d.promises).toHaveLength(1);
  });

  it('reads the promise date in the leader’s zone, independently of the task’s date', () => {
    const d = delegate("@ana Draft the survey by Dec 12; I'll review it by Monday", NOW, 'Pacific/Tongatapu');
    expect(d.due.toISOString()).toBe('2026-12-12T04:00:00.000Z');
    expect(d.promises[0].due!.toISOString()).toBe('2026-11-30T04:00:00.000Z');
  });
});

describe('/delegate: time zones and clock changes', () => {
  it.each`
    zone                   | now                       | text                             | due
    ${'Pacific/Tongatapu'} | ${'2026-11-25T10:00:00Z'} | ${'@ana Draft it by tomorrow'}   | ${'2026-11-26T04:00:00.000Z'}
    ${'Pacific/Tongatapu'} | ${'2026-11-25T10:00:00Z'} | ${'@ana Draft it'}               | ${'2026-12-02T04:00:00.000Z'}
    ${'Pacific/Auckland'}  | ${'2026-11-25T10:00:00Z'} | ${'@ana Draft it by Friday'}     | ${'2026-11-27T04:00:00.000Z'}
    ${'Europe/Berlin'}     | ${'2026-10-23T10:00:00Z'} | ${'@ana Draft it by Monday'}     | ${'2026-10-26T16:00:00.000Z'}
    ${'Europe/Berlin'}     | ${'2026-10-23T10:00:00Z'} | ${'@ana Draft it'}               | ${'2026-10-30T16:00:00.000Z'}
    ${'America/New_York'}  | ${'2026-10-30T14:00:00Z'} | ${'@ana Draft it by Monday'}     | ${'2026-11-02T22:00:00.000Z'}
    ${'America/New_York'}  | ${'2026-10-30T14:00:00Z'} | ${'@ana Draft it'}               | ${'2026-11-06T22:00:00.000Z'}
    ${'America/New_York'}  | ${'2027-03-12T15:00:00Z'} | ${'@ana Draft it by Monday 9am'} | ${'2027-03-15T13:00:00.000Z'}
    ${'America/New_York'}  | ${'2027-03-12T15:00:00Z'} | ${'@ana Draft it'}               | ${'2027-03-19T21:00:00.000Z'}
    ${'America/New_York'}  | ${'2027-03-12T15:00:00Z'} | ${'@ana Draft it by 3/16'}       | ${'2027-03-16T21:00:00.000Z'}
    ${'Not/AZone'}         | ${'2026-11-25T10:00:00Z'} | ${'@ana Draft it by Friday'}     | ${'2026-11-27T17:00:00.000Z'}
  `('$zone, now $now: “$text” → $due', ({ zone, now, text, due }: Record<string, string>) => {
    expect(delegate(text, new Date(now), zone).due.toISOString()).toBe(due);
  });
});

describe('/delegate: limits', () => {
  it(`accepts a task of exactly ${TASK_MAX} characters, emoji counted as one`, () => {
    expect(delegate(`@ana ${'a'.repeat(TASK_MAX)}`).task).toHaveLength(TASK_MAX);
    expect(delegate(`@ana ${'🚀'.repeat(TASK_MAX)} by Friday`).due.toISOString()).toBe(FRIDAY);
    expect(delegate(`@ana ${'👩🏽‍💻'.repeat(TASK_MAX)}`).task).toBe('👩🏽‍💻'.repeat(TASK_MAX));
  });

  it('counts &amp; as the one character the person typed', () => {
    expect(delegate(`@ana ${'&amp;'.repeat(TASK_MAX)}`).task).toBe('&amp;'.repeat(TASK_MAX));
  });

  it(`refuses a task of ${TASK_MAX + 1} characters, saying how long it is`, () => {
    const error = errorOf(parseDelegateCommand(`@ana ${'a'.repeat(TASK_MAX + 1)} by Friday`, NOW, BERLIN));
    expect(error.code).toBe('task_too_long');
    expect(error.message).toContain(`${TASK_MAX + 1} characters`);
    expectFriendly(error.message);
  });

  it(`refuses more than ${TEXT_MAX} characters overall — even a 5,000-character paste`, () => {
    const error = errorOf(parseDelegateCommand(`@ana ${'x'.repeat(5000)}`, NOW, BERLIN));
    expect(error.code).toBe('too_long');
    expect(error.message).toContain('5,005 characters');
    expectFriendly(error.message);
    expect(errorOf(parseDelegateCommand(`@ana ${'x '.repeat(1000)}`, NOW, BERLIN)).code).toBe('too_long');
  });

  it('lets long text through when it is mostly stripped control characters and spaces', () => {
    expect(delegate(`@ana Draft the survey${' '.repeat(3000)}by Friday`).task).toBe('Draft the survey');
  });
});

describe('/delegate: what it refuses, and how it says so', () => {
  const evening = new Date('2026-11-25T17:00:00Z'); // 18:00 in Berlin

  it.each`
    text                                              | now        | code                  | says
    ${''}                                             | ${NOW}     | ${'empty'}            | ${'/delegate @ana'}
    ${'   '}                                          | ${NOW}     | ${'empty'}            | ${'/delegate @ana'}
    ${'\u0000\u0007'}                                 | ${NOW}     | ${'empty'}            | ${'/delegate @ana'}
    ${'Draft the survey by Friday'}                   | ${NOW}     | ${'no_person'}        | ${DELEGATE_USAGE}
    ${'ana Draft the survey'}                         | ${NOW}     | ${'no_person'}        | ${'@mention'}
    ${'<!here> Draft the survey'}                     | ${NOW}     | ${'not_a_person'}     | ${'one person at a time'}
    ${'<!channel> Draft the survey'}                  | ${NOW}     | ${'not_a_person'}     | ${'one person at a time'}
    ${'<!subteam^S0DESIGN|@design> Draft the survey'} | ${NOW}     | ${'not_a_person'}     | ${'user group'}
    ${'<#C0GENERAL|general> Draft the survey'}        | ${NOW}     | ${'not_a_person'}     | ${'channel'}
    ${'@ana @ben Draft the survey'}                   | ${NOW}     | ${'several_people'}   | ${'one person at a time'}
    ${'@ana'}                                         | ${NOW}     | ${'empty_task'}       | ${'@ana'}
    ${'<@U1>'}                                        | ${NOW}     | ${'empty_task'}       | ${'<@U1>'}
    ${'@ana by Friday'}                               | ${NOW}     | ${'empty_task'}       | ${'take on'}
    ${'@ana stakes large'}                            | ${NOW}     | ${'empty_task'}       | ${'take on'}
    ${"@ana ; I'll help by Monday"}                   | ${NOW}     | ${'empty_task'}       | ${'take on'}
    ${'@ana Ship it by yesterday'}                    | ${NOW}     | ${'past'}             | ${'“yesterday”'}
    ${'@ana Ship it by last Friday'}                  | ${NOW}     | ${'past'}             | ${'Fri 20 Nov'}
    ${'@ana Ship it by 2026-11-20'}                   | ${NOW}     | ${'past'}             | ${'already behind us'}
    ${'@ana Ship it by today'}                        | ${evening} | ${'past'}             | ${'already behind us'}
    ${'@ana Ship it due:someday'}                     | ${NOW}     | ${'unparseable'}      | ${'“someday”'}
    ${'@ana Ship it due: whenever'}                   | ${NOW}     | ${'unparseable'}      | ${'`by Friday 5pm`'}
    ${'@ana Ship it by 2029-01-01'}                   | ${NOW}     | ${'too_far'}          | ${'2 years'}
    ${'@ana Ship it stakes huge'}                     | ${NOW}     | ${'bad_stakes'}       | ${'“huge”'}
    ${'@ana Ship it by Friday stakes huge'}           | ${NOW}     | ${'bad_stakes'}       | ${'`stakes medium`'}
    ${'@ana Ship it stakes:huge by Friday'}           | ${NOW}     | ${'bad_stakes'}       | ${'“huge”'}
    ${'@ana Ship it stakes=extreme'}                  | ${NOW}     | ${'bad_stakes'}       | ${'“extreme”'}
    ${'@ana Ship it stakes:'}                         | ${NOW}     | ${'bad_stakes'}       | ${'Which stakes?'}
    ${'@ana Ship it --urgent'}                        | ${NOW}     | ${'unknown_flag'}     | ${'`--urgent`'}
    ${'@ana Ship it —urgent by Friday'}               | ${NOW}     | ${'unknown_flag'}     | ${'`—urgent`'}
    ${'@ana Ship it priority:high'}                   | ${NOW}     | ${'unknown_flag'}     | ${'`priority:high`'}
    ${'@ana Ship it --urgent priority:high'}          | ${NOW}     | ${'unknown_flag'}     | ${'`--urgent`, `priority:high`'}
    ${'@ana Ship it --buffer=2d by Friday'}           | ${NOW}     | ${'unknown_flag'}     | ${'`stakes small|medium|large`'}
    ${"@ana Ship it; I'll"}                           | ${NOW}     | ${'empty_promise'}    | ${'I’ll review your outline'}
    ${"@ana Ship it; I'll by Monday"}                 | ${NOW}     | ${'empty_promise'}    | ${'I’ll review your outline'}
    ${"@ana Ship it; I'll help by yesterday"}         | ${NOW}     | ${'past'}             | ${'In your promise “help by yesterday”'}
    ${`@ana Ship it; I'll ${'help '.repeat(70)}`}     | ${NOW}     | ${'promise_too_long'} | ${'under 300'}
  `(
    '“$text” → $code',
    ({ text, now, code, says }: { text: string; now: Date; code: string; says: string }) => {
      const error = errorOf(parseDelegateCommand(text, now, BERLIN));
      expect(error.code).toBe(code);
      expect(error.message).toContain(says);
      expectFriendly(error.message);
    },
  );

  it('treats “by the team” as part of the task, never as a broken date', () => {
    expect(delegate('@ana Get it approved by the team').task).toBe('Get it approved by the team');
    expect(delegate('@ana Ship it by someday').task).toBe('Ship it by someday');
  });

  it('lists what it understands when an option is unknown', () => {
    const { message } = errorOf(parseDelegateCommand('@ana Ship it --urgent', NOW, BERLIN));
    expect(message).toBe(
      "I don't know the option `--urgent`. I understand `by <when>`, `stakes small|medium|large`, and " +
        '`; I’ll …` for what you will do to help. Usage: `/delegate @person what by when [stakes small|medium|large]`.',
    );
  });
});

describe('/delegate: never throws, whatever is typed', () => {
  // A small deterministic generator of nasty inputs built from the pieces the parser looks for.
  const pieces = [
    '@ana',
    '<@U1|ana>',
    '<!here>',
    ';',
    "I'll",
    'by',
    'due',
    'due:',
    'in',
    '3',
    'days',
    'stakes',
    'stakes:',
    'medium',
    'huge',
    '--x',
    'priority:high',
    'Friday',
    'yesterday',
    '&amp;',
    '<',
    '>',
    '`',
    ':tada:',
    '🚀',
    'راجع',
    '\u0000',
    '\n',
    '—',
    '-',
    ',',
    '.',
    '2026-12-12',
    '3/4',
    'noon',
    'EOD',
    "Robert');",
    'DROP',
    '--',
  ];
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };

  it('returns a result with a friendly message for 500 generated commands', () => {
    for (let i = 0; i < 500; i++) {
      const words = Array.from({ length: 1 + random(14) }, () => pieces[random(pieces.length)]);
      const text = words.join(random(3) === 0 ? '' : ' ');
      const result = parseDelegateCommand(text, NOW, BERLIN);
      if (result.ok) {
        expect(result.value.task.length).toBeGreaterThan(0);
        expect(result.value.due.getTime()).toBeGreaterThan(NOW.getTime());
      } else {
        expect(result.error.message.length).toBeGreaterThan(20);
      }
    }
  });
});
