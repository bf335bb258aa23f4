/** Sandbox time for the acting person, and the buttons that move it (the app's injected clock). */
import { useEffect, useState } from 'preact/hooks';
import type { ClockStep, SandboxState } from '../../../protocol';
import { shortDateTime } from '../blocks/dates';

function ahead(ms: number): string {
  if (ms < 60_000) return 'real time';
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', !d && m ? `${m}m` : ''].filter(Boolean);
  return `${parts.join(' ')} ahead`;
}

export function ClockControl({ state, loadedAt, onMove }: { state: SandboxState; loadedAt: number; onMove: (step: ClockStep) => Promise<void> }) {
  const [moving, setMoving] = useState<ClockStep | null>(null);
  // The sandbox clock runs with real time between moves; redraw the minutes as they pass.
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 15_000);
    return () => clearInterval(t);
  }, []);
  const me = state.people.find((p) => p.id === state.me);
  const tz = me?.tz ?? 'UTC';
  const now = state.now + (Date.now() - loadedAt);
  const move = async (step: ClockStep) => {
    setMoving(step);
    try {
      await onMove(step);
    } finally {
      setMoving(null);
    }
  };
  const button = (step: ClockStep, label: string, title: string) => (
    <button type="button" class="clock-button" disabled={moving !== null} title={title} onClick={() => void move(step)}>
      {moving === step ? 'Moving…' : label}
    </button>
  );
  return (
    <div class="clock" role="group" aria-label="Sandbox clock">
      <div class="clock-now">
        <span class="clock-time" data-now={state.now}>
          {shortDateTime(now, tz)}
        </span>
        <span class="clock-zone">
          {me?.realName.split(' ')[0]}’s time · {tz} · {ahead(state.clockOffsetMs)}
        </span>
      </div>
      {button('hour', '+1 hour', 'Move the app’s clock forward an hour')}
      {button('day', '+1 day', 'Move the app’s clock forward a day: due dates pass, reminders fire')}
      {button('morning', 'Next working morning', `To 09:00 on the next weekday, in ${tz}`)}
    </div>
  );
}
