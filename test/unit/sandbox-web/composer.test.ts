import {
  activeCommand,
  applyCompletion,
  completionAt,
  matchChannels,
  matchCommands,
  matchPeople,
  parseDraft,
  toSlackText,
  tooLong,
} from '../../../src/sandbox/web/src/composer';
import type { SandboxCommand } from '../../../src/sandbox/protocol';
import { loadCommands } from '../../../src/sandbox/files';

const people = [
  { id: 'U0LEA0001', name: 'lea', realName: 'Lea Lindqvist' },
  { id: 'U0ANA0001', name: 'ana', realName: 'Ana Alves' },
  { id: 'U0SAM0001', name: 'sam', realName: 'Sam Sato' },
];
const channels = [
  { id: 'C0TEAM001', name: 'team' },
  { id: 'C0GENERAL', name: 'general' },
];

describe('composer: slash commands from manifest.json', () => {
  const commands: SandboxCommand[] = loadCommands();

  it('offers every command declared in the manifest, with its usage hint', () => {
    expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(['/delegate', '/outcome', '/commit', '/ledger']));
    expect(commands.find((c) => c.command === '/delegate')?.usageHint).toMatch(/@person what by when/);
    expect(commands.every((c) => c.shouldEscape)).toBe(true);
  });

  it('autocompletes the first word only', () => {
    expect(matchCommands('/', commands)).toHaveLength(commands.length);
    expect(matchCommands('/de', commands).map((c) => c.command)).toEqual(['/delegate']);
    expect(matchCommands('/DE', commands).map((c) => c.command)).toEqual(['/delegate']);
    expect(matchCommands('/delegate ', commands)).toEqual([]);
    expect(matchCommands('hello', commands)).toEqual([]);
  });

  it('knows which command’s arguments are being typed', () => {
    expect(activeCommand('/outcome D-1', commands)?.command).toBe('/outcome');
    expect(activeCommand('/outcome', commands)).toBeUndefined();
  });

  it('splits a draft into command and text', () => {
    expect(parseDraft('  /Delegate  @ana Draft it by Friday  ')).toEqual({ kind: 'command', command: '/delegate', text: '@ana Draft it by Friday' });
    expect(parseDraft('/delegate')).toEqual({ kind: 'command', command: '/delegate', text: '' });
    expect(parseDraft('hello team')).toEqual({ kind: 'message', text: 'hello team' });
    expect(parseDraft('   ')).toEqual({ kind: 'empty' });
  });
});

describe('composer: @ and # completion', () => {
  it('finds the word being typed under the caret', () => {
    expect(completionAt('/delegate @an', 13)).toEqual({ trigger: '@', query: 'an', start: 10 });
    expect(completionAt('in #te', 6)).toEqual({ trigger: '#', query: 'te', start: 3 });
    expect(completionAt('mail a@b', 8)).toBeUndefined();
    expect(completionAt('@', 1)).toEqual({ trigger: '@', query: '', start: 0 });
  });

  it('matches handles and real names', () => {
    expect(matchPeople('a', people).map((p) => p.name)).toEqual(['ana']);
    expect(matchPeople('', people)).toHaveLength(3);
    expect(matchPeople('sat', people).map((p) => p.name)).toEqual(['sam']);
    expect(matchChannels('te', channels).map((c) => c.name)).toEqual(['team']);
  });

  it('inserts the handle and a space, keeping what follows', () => {
    const draft = '/delegate @an Draft it';
    const q = completionAt(draft, 13)!;
    expect(applyCompletion(draft, 13, q, 'ana')).toEqual({ text: '/delegate @ana Draft it', caret: 15 });
  });
});

describe('composer: text as Slack sends it', () => {
  it('should_escape commands: <@U…|name>, <#C…|name>, <!here>', () => {
    expect(toSlackText('@ana Draft the survey for #team by Friday, cc @here', people, channels, 'escaped')).toBe(
      '<@U0ANA0001|ana> Draft the survey for <#C0TEAM001|team> by Friday, cc <!here>',
    );
  });

  it('escapes &, < and > first, so typed brackets never become mentions', () => {
    expect(toSlackText('R&D <@U1> a > b', people, channels, 'escaped')).toBe('R&amp;D &lt;@U1&gt; a &gt; b');
  });

  it('messages carry bare ids; unknown names and e-mail addresses stay text', () => {
    expect(toSlackText('thanks @Ana. and @nobody, mail lea@example.com', people, channels, 'message')).toBe(
      'thanks <@U0ANA0001>. and @nobody, mail lea@example.com',
    );
  });

  it('should_escape false leaves mentions as typed', () => {
    expect(toSlackText('@ana <3', people, channels, 'raw')).toBe('@ana &lt;3');
  });
});

describe('composer: an over-long draft is stopped before it is sent, as Slack’s client does', () => {
  it('sends up to 4,000 characters, the command’s name included, counting an emoji as one', () => {
    expect(tooLong(`/delegate ${'x'.repeat(3990)}`)).toBeUndefined();
    expect(tooLong('🎉'.repeat(4000))).toBeUndefined();
    expect(tooLong(`  ${'x'.repeat(4000)}  `)).toBeUndefined();
  });

  it('says in words why a longer one is not sent, with both numbers', () => {
    const why = tooLong(`/delegate @ana ${'x'.repeat(5000)}`);
    expect(why).toBe(
      'Slack sends at most 4,000 characters at once, and this has 5,015. Shorten it to send it — a link to a doc can carry the details.',
    );
  });
});
