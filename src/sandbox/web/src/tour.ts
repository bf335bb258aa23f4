/**
 * The tour, pure: its steps, what a click on one does, and what ticks it off. A step runs when clicked
 * — it acts as the right person in the right place and sends its command or moves the clock — and is
 * done when the person did what it is about, however they got there (the tour's button, the composer,
 * a message's button), which the page reports as TourEvents. Ticks are kept in localStorage until the
 * sandbox is reset.
 */
import type { ClockStep } from '../../protocol';

/** What a person did in the page that a tour step can be about (only what the app answered with 200). */
export type TourEvent =
  | { kind: 'command'; command: string; text: string }
  | { kind: 'action'; actionId: string }
  | { kind: 'submit'; callbackId: string }
  | { kind: 'home'; as: string }
  | { kind: 'clock'; step: ClockStep };

export interface TourStep {
  id: string;
  title: string;
  /** `code` in backticks. */
  text: string;
  /** Acts as this person (handle). */
  as: string;
  where: 'team' | 'home' | 'messages';
  /** Sent at once when the step is clicked (typed as a person would; mentions by @handle). */
  send?: { command: string; text: string };
  /** Moves the clock this much first (then `where` shows what arrived). */
  clock?: ClockStep;
  /** A button in a message to point at once there (its label). */
  spot?: string;
  cta: string;
  /** Whether this event completes the step. */
  doneBy: (e: TourEvent) => boolean;
  /** A line about this moment (sandbox time, the person's zone), shown while the step is not done. */
  now?: (at: number, tz: string, name: string) => string | undefined;
}

const action =
  (...ids: string[]) =>
  (e: TourEvent) =>
    e.kind === 'action' && ids.includes(e.actionId);
const submit = (e: TourEvent, ...ids: string[]) => e.kind === 'submit' && ids.includes(e.callbackId);
const command = (e: TourEvent, name: string, withText: RegExp) =>
  e.kind === 'command' && e.command === name && withText.test(e.text);

export const STEPS: readonly TourStep[] = [
  {
    id: 'delegate',
    title: 'Delegate',
    text: 'As Lea, the team lead: who, what, by when, the stakes and her own promises, in one line. `/delegate` alone opens the form.',
    as: 'lea',
    where: 'team',
    send: {
      command: '/delegate',
      text: '@ana Draft the Q3 customer survey by Friday stakes small; I’ll review your outline by Wednesday',
    },
    cta: 'Delegate to Ana',
    doneBy: (e) => submit(e, 'delegate_modal') || command(e, '/delegate', /^<@/),
  },
  {
    id: 'change',
    title: 'Ask for a change',
    text: 'As Ana: her DM has Accept and Ask for a change. Ask for one — Friday is tight, say.',
    as: 'ana',
    where: 'messages',
    spot: 'Ask for a change',
    cta: 'Open Ana’s DM',
    doneBy: (e) => submit(e, 'change_request_modal'),
  },
  {
    id: 'answer',
    title: 'The lead answers',
    text: 'As Lea: the request comes with Edit, Reassign and Cancel. Edit changes the work (both see what changed); Reassign gives it to someone else; Cancel is never a loss.',
    as: 'lea',
    where: 'messages',
    spot: 'Edit',
    cta: 'Open Lea’s DM',
    doneBy: (e) => submit(e, 'edit_delegation_modal', 'reassign_modal', 'cancel_delegation_modal'),
  },
  {
    id: 'accept',
    title: 'Accept it',
    text: 'As Ana: Accept. The DM keeps up — its buttons give way to what happened, here and wherever else it was offered.',
    as: 'ana',
    where: 'messages',
    spot: 'Accept',
    cta: 'Open Ana’s DM',
    doneBy: action('delegation_accept'),
  },
  {
    id: 'close',
    title: 'Close it, win or loss',
    text: '`/outcome` lists what Ana can close. A loss asks for the lesson — and is celebrated in #team all the same.',
    as: 'ana',
    where: 'team',
    send: { command: '/outcome', text: '' },
    spot: 'Win',
    cta: 'List Ana’s open work',
    doneBy: (e) =>
      action('outcome_win', 'outcome_loss')(e) || command(e, '/outcome', /^D-\d+\s+(win|loss)\b/i),
  },
  {
    id: 'acknowledge',
    title: 'The lead acknowledges',
    text: 'Lea is asked to acknowledge Ana’s outcome with a note, in the celebration’s thread. The ask comes in Lea’s working hours (9:00–18:00 Berlin time, Mon–Fri, until she sets hers): work closed at night waits for her morning — try the clock.',
    as: 'lea',
    where: 'messages',
    spot: 'Write a note',
    cta: 'Open Lea’s DM',
    doneBy: (e) => submit(e, 'acknowledge_modal'),
    now: whenTheAskComes,
  },
  {
    id: 'commit',
    title: 'Keep your word',
    text: 'A promise with a date goes on the say/do ledger, to yourself or to someone.',
    as: 'lea',
    where: 'team',
    send: { command: '/commit', text: 'Review the hiring rubric by tomorrow' },
    cta: 'Make a promise',
    doneBy: (e) => submit(e, 'commit_modal') || command(e, '/commit', /\S/),
  },
  {
    id: 'remind',
    title: 'Reminders',
    text: 'A day later a reminder comes, in working hours, with Done and Move. Press Done.',
    as: 'lea',
    where: 'messages',
    clock: 'day',
    spot: 'Done',
    cta: 'Move the clock a day',
    doneBy: action('commitment_done', 'commitment_move', 'nudge_snooze'),
  },
  {
    id: 'own',
    title: 'Miss it, own it',
    text: 'Past its date a promise can no longer be moved — the reminder offers Own it: say what happened and make a fresh promise. Left open a day past its date, it is recorded as missed.',
    as: 'lea',
    where: 'messages',
    send: { command: '/commit', text: 'Send the offsite agenda in an hour' },
    clock: 'day',
    spot: 'Own it',
    cta: 'Promise, then let a day pass',
    doneBy: (e) => submit(e, 'own_miss_modal'),
  },
  {
    id: 'ritual',
    title: 'Rituals',
    text: 'A Friday retro prompt quotes the week’s real outcomes, a Monday digest sums up what is open. `/ritual list` shows a channel’s rituals; `/ritual me hours 9:00-17:30` sets your hours.',
    as: 'lea',
    where: 'team',
    send: { command: '/ritual', text: 'retro every Friday 16:00' },
    cta: 'Set up a Friday retro',
    doneBy: (e) => command(e, '/ritual', /\S/),
  },
  {
    id: 'ledger',
    title: 'The ledger',
    text: 'Lea’s Home tab: say/do ratio, trend, open promises, delegations and the trust ladder.',
    as: 'lea',
    where: 'home',
    cta: 'Open the Home tab',
    doneBy: (e) => e.kind === 'home',
  },
];

/** The steps this event completes that were not done yet. */
export function completes(done: ReadonlySet<string>, e: TourEvent): string[] {
  return STEPS.filter((s) => !done.has(s.id) && s.doneBy(e)).map((s) => s.id);
}

/** The first step not done yet (the tour's suggestion), if any. */
export function nextStep(done: ReadonlySet<string>): TourStep | undefined {
  return STEPS.find((s) => !done.has(s.id));
}

const DONE_KEY = 'trustloop-sandbox:tour-done';

export function loadDone(storage: Pick<Storage, 'getItem'>): Set<string> {
  try {
    const ids: unknown = JSON.parse(storage.getItem(DONE_KEY) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

export function saveDone(storage: Pick<Storage, 'setItem' | 'removeItem'>, done: ReadonlySet<string>): void {
  if (done.size === 0) storage.removeItem(DONE_KEY);
  else storage.setItem(DONE_KEY, JSON.stringify([...done]));
}

/** Trustloop's working hours for anyone who has not set theirs (services/schedule: Mon–Fri 09:00–18:00). */
const DEFAULT_DAY = { start: 9, end: 18 };

/** The person's weekday (1 = Monday … 7) and time of day at `at`, in their zone. */
function localClock(at: number, tz: string): { weekday: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, hour: Number(get('hour')), minute: Number(get('minute')) };
}

/**
 * When the lead's ask to acknowledge would come if the work closed now: at once in their working hours,
 * else at the start of their next working day (default hours; their own if they set them).
 */
export function whenTheAskComes(at: number, tz: string, name: string): string {
  const { weekday, hour, minute } = localClock(at, tz);
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const working = weekday >= 1 && weekday <= 5 && hour >= DEFAULT_DAY.start && hour < DEFAULT_DAY.end;
  if (working) return `It is ${time} for ${name} now, within working hours: the ask comes at once.`;
  const later =
    weekday <= 4 && hour >= DEFAULT_DAY.end
      ? 'tomorrow'
      : weekday <= 5 && hour < DEFAULT_DAY.start
        ? 'today'
        : 'on Monday';
  return `It is ${time} for ${name} now, outside working hours: the ask waits until 09:00 ${later} — “Next working morning” brings it.`;
}
