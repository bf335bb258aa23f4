import { parseLeadingPerson, type Person } from '../../../src/services/parse/mention';
import { errorOf, expectFriendly, valueOf } from './expect-result';

describe('parseLeadingPerson: who the command is about', () => {
  it.each`
    text                                 | person                                     | rest
    ${'<@U123ABC|ana> Draft the survey'} | ${{ kind: 'id', userId: 'U123ABC' }}       | ${'Draft the survey'}
    ${'<@U123ABC> Draft the survey'}     | ${{ kind: 'id', userId: 'U123ABC' }}       | ${'Draft the survey'}
    ${'<@W0ENTERPRISE1|ana> Draft'}      | ${{ kind: 'id', userId: 'W0ENTERPRISE1' }} | ${'Draft'}
    ${'<@U123ABC|ana>: Draft'}           | ${{ kind: 'id', userId: 'U123ABC' }}       | ${'Draft'}
    ${'  <@U123ABC>   Draft  '}          | ${{ kind: 'id', userId: 'U123ABC' }}       | ${'Draft'}
    ${'<@U123ABC>'}                      | ${{ kind: 'id', userId: 'U123ABC' }}       | ${''}
    ${'@ana Draft the survey'}           | ${{ kind: 'name', name: 'ana' }}           | ${'Draft the survey'}
    ${'@ana.smith Draft'}                | ${{ kind: 'name', name: 'ana.smith' }}     | ${'Draft'}
    ${'@ana_s-2 Draft'}                  | ${{ kind: 'name', name: 'ana_s-2' }}       | ${'Draft'}
    ${'@ana, Draft'}                     | ${{ kind: 'name', name: 'ana' }}           | ${'Draft'}
    ${'@ana. Draft'}                     | ${{ kind: 'name', name: 'ana' }}           | ${'Draft'}
    ${'@José Draft'}                     | ${{ kind: 'name', name: 'José' }}          | ${'Draft'}
    ${'<@U1> Pair with <@U2|ben> on it'} | ${{ kind: 'id', userId: 'U1' }}            | ${'Pair with <@U2|ben> on it'}
  `(
    '“$text” → $person.kind, rest “$rest”',
    ({ text, person, rest }: { text: string; person: Person; rest: string }) => {
      expect(valueOf(parseLeadingPerson(text))).toEqual({ person, rest });
    },
  );

  it.each`
    text                                 | code                | why
    ${''}                                | ${'no_person'}      | ${'nothing at all'}
    ${'Draft the survey by Friday'}      | ${'no_person'}      | ${'no mention'}
    ${'ana Draft the survey'}            | ${'no_person'}      | ${'a name without @'}
    ${'<!subteam^S0DESIGN|@design> Fix'} | ${'not_a_person'}   | ${'a user group'}
    ${'<!subteam^S0DESIGN> Fix'}         | ${'not_a_person'}   | ${'a user group without label'}
    ${'<!channel> Fix'}                  | ${'not_a_person'}   | ${'@channel'}
    ${'<!here|here> Fix'}                | ${'not_a_person'}   | ${'@here'}
    ${'<!everyone> Fix'}                 | ${'not_a_person'}   | ${'@everyone'}
    ${'@here Fix'}                       | ${'not_a_person'}   | ${'plain @here'}
    ${'@Channel Fix'}                    | ${'not_a_person'}   | ${'plain @channel, any case'}
    ${'<#C0GENERAL|general> Fix'}        | ${'not_a_person'}   | ${'a channel'}
    ${'#general Fix'}                    | ${'not_a_person'}   | ${'a plain channel name'}
    ${'@ana @ben Fix'}                   | ${'several_people'} | ${'two people'}
    ${'<@U1> <@U2> Fix'}                 | ${'several_people'} | ${'two mentions'}
    ${'<@U1>, @ben Fix'}                 | ${'several_people'} | ${'two people, comma-separated'}
  `('“$text” → $code ($why)', ({ text, code }: { text: string; code: string }) => {
    const error = errorOf(parseLeadingPerson(text));
    expect(error.code).toBe(code);
    expectFriendly(error.message);
  });

  it('explains that Trustloop delegates to one person at a time', () => {
    expect(errorOf(parseLeadingPerson('<!here> Fix it')).message).toMatch(
      /^Trustloop delegates to one person at a time/,
    );
    expect(errorOf(parseLeadingPerson('<!subteam^S1|@design> Fix')).message).toContain('a user group');
  });

  it('adds the usage of the command being typed', () => {
    const usage = '`/delegate @person what by when`';
    expect(errorOf(parseLeadingPerson('Draft it', usage)).message).toContain(usage);
  });
});
