import { loadCommands } from '../../../src/sandbox/files';
import {
  completes,
  loadDone,
  nextStep,
  saveDone,
  STEPS,
  whenTheAskComes,
  type TourEvent,
} from '../../../src/sandbox/web/src/tour';

const step = (id: string) => {
  const s = STEPS.find((x) => x.id === id);
  if (!s) throw new Error(`no tour step ${id}`);
  return s;
};
const ticks = (e: TourEvent, done: string[] = []) => completes(new Set(done), e);

describe('the sandbox tour', () => {
  it('covers the whole loop: delegating, asking for a change and the lead’s answer, closing, acknowledging, reminders, owning a miss, rituals, the ledger', () => {
    expect(STEPS.map((s) => s.id)).toEqual([
      'delegate',
      'change',
      'answer',
      'accept',
      'close',
      'acknowledge',
      'commit',
      'remind',
      'own',
      'ritual',
      'ledger',
    ]);
    expect(step('answer').text).toMatch(/Edit.*Reassign.*Cancel/);
    // When the acknowledgement ask arrives: in the lead's working hours.
    expect(step('acknowledge').text).toMatch(/working hours/);
    expect(step('own').text).toMatch(/Own it/);
    expect(step('own').text).toMatch(/recorded as missed/);
  });

  it('runs each step when clicked: it sends a command the app declares, moves the clock, points at a button or opens a tab', () => {
    const commands = loadCommands().map((c) => c.command);
    for (const s of STEPS) {
      expect(
        s.send !== undefined || s.clock !== undefined || s.spot !== undefined || s.where === 'home',
      ).toBe(true);
      if (s.send) expect(commands).toContain(s.send.command);
    }
    // A reminder and a miss need time to pass.
    expect(step('remind').clock).toBe('day');
    expect(step('own').clock).toBeDefined();
  });

  it('ticks a step off when the person did what it is about, however they got there', () => {
    expect(
      ticks({ kind: 'command', command: '/delegate', text: '<@U0ANA0001|ana> Tidy the doc by Friday' }),
    ).toEqual(['delegate']);
    expect(ticks({ kind: 'submit', callbackId: 'delegate_modal' })).toEqual(['delegate']);
    // `/delegate` alone only opened the form.
    expect(ticks({ kind: 'command', command: '/delegate', text: '' })).toEqual([]);
    expect(ticks({ kind: 'submit', callbackId: 'change_request_modal' })).toEqual(['change']);
    expect(ticks({ kind: 'submit', callbackId: 'reassign_modal' })).toEqual(['answer']);
    expect(ticks({ kind: 'action', actionId: 'delegation_accept' })).toEqual(['accept']);
    expect(ticks({ kind: 'action', actionId: 'outcome_loss' })).toEqual(['close']);
    expect(ticks({ kind: 'command', command: '/outcome', text: 'D-3 win Started from the FAQ' })).toEqual([
      'close',
    ]);
    expect(ticks({ kind: 'submit', callbackId: 'acknowledge_modal' })).toEqual(['acknowledge']);
    expect(ticks({ kind: 'action', actionId: 'commitment_done' })).toEqual(['remind']);
    expect(ticks({ kind: 'submit', callbackId: 'own_miss_modal' })).toEqual(['own']);
    expect(ticks({ kind: 'command', command: '/ritual', text: 'retro every Friday 16:00' })).toEqual([
      'ritual',
    ]);
    expect(ticks({ kind: 'home', as: 'U0LEA0001' })).toEqual(['ledger']);
    // Moving the clock alone completes nothing, and a step already done is not ticked again.
    expect(ticks({ kind: 'clock', step: 'day' })).toEqual([]);
    expect(ticks({ kind: 'action', actionId: 'delegation_accept' }, ['accept'])).toEqual([]);
  });

  it('suggests the first step not done yet', () => {
    expect(nextStep(new Set())?.id).toBe('delegate');
    expect(nextStep(new Set(['delegate', 'change']))?.id).toBe('answer');
    expect(nextStep(new Set(STEPS.map((s) => s.id)))).toBeUndefined();
  });

  it('keeps its ticks in localStorage, and reads a damaged entry as none', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    saveDone(storage, new Set(['delegate', 'accept']));
    expect([...loadDone(storage)]).toEqual(['delegate', 'accept']);
    saveDone(storage, new Set());
    expect(store.size).toBe(0);
    store.set('trustloop-sandbox:tour-done', '{not json');
    expect(loadDone(storage).size).toBe(0);
    store.set('trustloop-sandbox:tour-done', '[1, "own"]');
    expect([...loadDone(storage)]).toEqual(['own']);
  });

  it('says when the lead’s ask to acknowledge would come, from the sandbox time in the lead’s zone', () => {
    const berlin = (iso: string) => Date.parse(iso); // December: Berlin is UTC+1
    const ask = (iso: string) => whenTheAskComes(berlin(iso), 'Europe/Berlin', 'Lea');
    expect(step('acknowledge').now).toBe(whenTheAskComes);
    expect(ask('2026-12-07T09:00:00Z')).toBe(
      'It is 10:00 for Lea now, within working hours: the ask comes at once.',
    );
    expect(ask('2026-12-07T21:10:00Z')).toBe(
      'It is 22:10 for Lea now, outside working hours: the ask waits until 09:00 tomorrow — “Next working morning” brings it.',
    );
    expect(ask('2026-12-08T05:30:00Z')).toMatch(/^It is 06:30 .* until 09:00 today/);
    expect(ask('2026-12-11T18:00:00Z')).toMatch(/^It is 19:00 .* until 09:00 on Monday/);
    expect(ask('2026-12-12T11:00:00Z')).toMatch(/^It is 12:00 .* until 09:00 on Monday/);
  });
});
