/** A one-minute walk through everything Trustloop does; each step sets up the page for it. */
export interface TourStep {
  title: string;
  text: string;
  as: string;
  where: 'team' | 'home' | 'messages';
  draft?: string;
  cta: string;
}

export const STEPS: TourStep[] = [
  {
    title: 'Delegate',
    text: 'As Lea, the team lead: `/delegate` alone opens the form — who, what, by when, the stakes and the safety net.',
    as: 'lea',
    where: 'team',
    draft: '/delegate',
    cta: 'Open #team as Lea',
  },
  {
    title: 'Or in one line',
    text: 'Mentions autocomplete with @; your own promises go after a “;”.',
    as: 'lea',
    where: 'team',
    draft: '/delegate @ana Draft the Q3 customer survey by Friday stakes medium; I’ll review your outline by Wednesday',
    cta: 'Fill it in',
  },
  {
    title: 'Receive it',
    text: 'Switch to Ana: her DM from Trustloop has Accept and Ask for a change.',
    as: 'ana',
    where: 'messages',
    cta: 'Act as Ana',
  },
  {
    title: 'Close it, win or loss',
    text: '`/outcome` lists what Ana can close. A loss asks for the lesson — and is celebrated in #team all the same.',
    as: 'ana',
    where: 'team',
    draft: '/outcome',
    cta: 'Type /outcome',
  },
  {
    title: 'Keep your word',
    text: 'A promise with a date goes on the say/do ledger. +1 day brings a reminder; left open a day past its date, it is recorded as missed.',
    as: 'lea',
    where: 'team',
    draft: '/commit Review the hiring rubric by tomorrow',
    cta: 'Make a promise',
  },
  {
    title: 'The ledger',
    text: 'Lea’s Home tab: say/do ratio, trend, open promises, delegations and the trust ladder.',
    as: 'lea',
    where: 'home',
    cta: 'Open the Home tab',
  },
];

export function Tour({ onStep, onHide }: { onStep: (s: TourStep) => void; onHide: () => void }) {
  return (
    <aside class="tour" aria-labelledby="tour-title">
      <header>
        <h3 id="tour-title">Try Trustloop in a minute</h3>
        <button type="button" class="link" onClick={onHide} aria-label="Hide the tour">
          Hide
        </button>
      </header>
      <ol>
        {STEPS.map((s) => (
          <li key={s.title}>
            <b>{s.title}</b>
            <p>{renderInline(s.text)}</p>
            <button type="button" class="tour-go" onClick={() => onStep(s)}>
              {s.cta} →
            </button>
          </li>
        ))}
      </ol>
      <p class="muted small">
        The clock buttons move the app’s own clock: due dates pass, misses and reminders fire. <b>Reset sandbox</b> starts over.
      </p>
    </aside>
  );
}

function renderInline(text: string) {
  return text.split(/(`[^`]+`)/).map((part, i) => (part.startsWith('`') ? <code key={i}>{part.slice(1, -1)}</code> : part));
}
