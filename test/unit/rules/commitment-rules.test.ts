import type { Commitment } from '../../../src/domain/commitment';
import { CONFIRM_WINDOW_MS, MISS_GRACE_MS, transition } from '../../../src/services/commitment-rules';

const due = new Date('2026-12-02T17:00:00Z');
const before = new Date('2026-12-01T10:00:00Z');
const after = new Date('2026-12-02T18:00:00Z');
const base: Commitment = {
  teamId: 'T1',
  ref: 7,
  ownerId: 'ULEA',
  counterpartId: 'UANA',
  delegationRef: null,
  text: 'Review the outline',
  dueAt: due,
  originalDueAt: due,
  status: 'open',
  timesMoved: 0,
  confirmation: null,
  keptOnTime: null,
  closedAt: null,
  createdAt: new Date('2026-11-28T10:00:00Z'),
};
const c = (over: Partial<Commitment> = {}): Commitment => ({ ...base, ...over });

describe('say/do transitions for one promise', () => {
  it('the owner keeps it on time; it then waits for the counterpart to confirm', () => {
    const t = transition(c(), { kind: 'keep' }, 'ULEA', before);
    expect(t).toMatchObject({ ok: true, value: { action: 'kept', change: { status: 'kept', keptOnTime: true, confirmation: 'pending' } } });
  });

  it('kept after the due time is kept, but not on time', () => {
    expect(transition(c(), { kind: 'keep' }, 'ULEA', after)).toMatchObject({ ok: true, value: { change: { keptOnTime: false } } });
  });

  it('a promise owed to no one needs no confirmation', () => {
    expect(transition(c({ counterpartId: null }), { kind: 'keep' }, 'ULEA', before)).toMatchObject({ ok: true, value: { change: { confirmation: null } } });
  });

  it.each([
    ['someone else cannot close it', { kind: 'keep' as const }, 'UBOB', c(), 'not_yours'],
    ['someone else cannot move it', { kind: 'move' as const, newDue: after }, 'UANA', c(), 'not_yours'],
    ['it cannot be kept twice', { kind: 'keep' as const }, 'ULEA', c({ status: 'kept', closedAt: before }), 'already_closed'],
    ['the owner cannot release themselves', { kind: 'release' as const }, 'ULEA', c(), 'not_owed_to_you'],
    ['only the counterpart confirms', { kind: 'confirm' as const }, 'UBOB', c({ status: 'kept', confirmation: 'pending' }), 'not_owed_to_you'],
    ['an open promise has nothing to confirm', { kind: 'confirm' as const }, 'UANA', c(), 'nothing_to_confirm'],
  ])('%s', (_name, action, actor, commitment, code) => {
    expect(transition(commitment, action, actor, before)).toMatchObject({ ok: false, code });
  });

  it('moving before the due time is a renegotiation', () => {
    const newDue = new Date('2026-12-09T17:00:00Z');
    expect(transition(c(), { kind: 'move', newDue }, 'ULEA', before)).toMatchObject({
      ok: true,
      value: { action: 'moved', toStatus: 'open', change: { dueAt: newDue, timesMoved: 1 } },
    });
  });

  it('moving after the due time is refused with an explanation: that is a miss', () => {
    const t = transition(c(), { kind: 'move', newDue: new Date('2026-12-09T17:00:00Z') }, 'ULEA', after);
    expect(t).toMatchObject({ ok: false, code: 'already_due' });
    if (!t.ok) expect(t.message).toMatch(/missed/);
  });

  it('moving to a time already past is refused', () => {
    expect(transition(c(), { kind: 'move', newDue: new Date('2026-11-30T00:00:00Z') }, 'ULEA', before)).toMatchObject({ ok: false, code: 'past' });
  });

  it('"not yet" reopens a kept promise', () => {
    const t = transition(c({ status: 'kept', confirmation: 'pending', keptOnTime: true, closedAt: before }), { kind: 'not_yet' }, 'UANA', before);
    expect(t).toMatchObject({ ok: true, value: { action: 'reopened', toStatus: 'open', change: { status: 'open', closedAt: null } } });
  });

  it('is recorded as missed only after the grace period', () => {
    expect(transition(c(), { kind: 'auto_miss' }, 'trustloop', new Date(due.getTime() + MISS_GRACE_MS - 1))).toMatchObject({ ok: false });
    expect(transition(c(), { kind: 'auto_miss' }, 'trustloop', new Date(due.getTime() + MISS_GRACE_MS))).toMatchObject({
      ok: true,
      value: { action: 'missed', toStatus: 'missed' },
    });
  });

  it('a kept promise nobody confirmed within 3 days stays kept, marked unconfirmed', () => {
    const kept = c({ status: 'kept', confirmation: 'pending', closedAt: before });
    expect(transition(kept, { kind: 'auto_unconfirm' }, 'trustloop', new Date(before.getTime() + CONFIRM_WINDOW_MS - 1))).toMatchObject({ ok: false });
    expect(transition(kept, { kind: 'auto_unconfirm' }, 'trustloop', new Date(before.getTime() + CONFIRM_WINDOW_MS))).toMatchObject({
      ok: true,
      value: { action: 'unconfirmed', change: { confirmation: 'unconfirmed' } },
    });
  });
});
