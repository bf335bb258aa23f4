/** The tour rail: Trustloop step by step; a click runs a step, and done steps are ticked off (../tour.ts). */
import type { SandboxPerson } from '../../../protocol';
import { nextStep, STEPS, type TourStep } from '../tour';

export type { TourStep } from '../tour';

export function Tour({
  done,
  now,
  people,
  onStep,
  onHide,
}: {
  done: ReadonlySet<string>;
  /** Sandbox time, for steps that depend on it (when the lead's ask comes). */
  now: number;
  people: readonly SandboxPerson[];
  onStep: (s: TourStep) => void;
  onHide: () => void;
}) {
  const next = nextStep(done);
  const count = STEPS.filter((s) => done.has(s.id)).length;
  return (
    <aside class="tour" aria-labelledby="tour-title">
      <header>
        <h3 id="tour-title">Try Trustloop, step by step</h3>
        <button type="button" class="link" onClick={onHide} aria-label="Hide the tour">
          Hide
        </button>
      </header>
      <p class="tour-progress" aria-live="polite">
        {count === STEPS.length
          ? 'All done — that is the whole loop.'
          : `${count} of ${STEPS.length} done. Each step runs when you click it.`}
      </p>
      <ol>
        {STEPS.map((s) => {
          const isDone = done.has(s.id);
          return (
            <li
              key={s.id}
              data-step={s.id}
              class={isDone ? 'done' : s === next ? 'next' : ''}
              aria-label={`${s.title}${isDone ? ' (done)' : ''}`}
            >
              <b>
                {isDone && (
                  <span class="tick" aria-hidden="true">
                    ✓{' '}
                  </span>
                )}
                {s.title}
              </b>
              <p>{renderInline(s.text)}</p>
              {!isDone && s.now && <p class="tour-now">{momentFor(s, now, people)}</p>}
              <button type="button" class="tour-go" onClick={() => onStep(s)}>
                {s.cta} →
              </button>
            </li>
          );
        })}
      </ol>
      <p class="muted small">
        The clock buttons move the app’s own clock: due dates pass, misses and reminders fire, and what waits
        for working hours arrives. <b>Reset sandbox</b> starts over.
      </p>
    </aside>
  );
}

function momentFor(s: TourStep, now: number, people: readonly SandboxPerson[]): string | undefined {
  const person = people.find((p) => p.name === s.as);
  return person ? s.now?.(now, person.tz, person.realName.split(' ')[0] ?? person.name) : undefined;
}

function renderInline(text: string) {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (part.startsWith('`') ? <code key={i}>{part.slice(1, -1)}</code> : part));
}
