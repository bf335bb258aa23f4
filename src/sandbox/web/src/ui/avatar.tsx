/** Round initials for people, the loop mark for the app. */
import type { SandboxPerson } from '../../../protocol';

const COLORS = ['#b0487c', '#2f6fb0', '#c7732a', '#3f8f5a', '#6c4bb5', '#a33b3b'];

function colorOf(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 37 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length];
}

export function Avatar({ person, size = 36 }: { person: SandboxPerson | undefined; size?: number }) {
  if (person?.isBot) return <AppMark size={size} />;
  const initials = (person?.realName ?? '?')
    .split(/\s+/)
    .map((w) => w[0])
    .slice(0, 2)
    .join('');
  return (
    <span class="avatar" style={{ width: `${size}px`, height: `${size}px`, background: colorOf(person?.id ?? ''), fontSize: `${Math.round(size * 0.4)}px` }} aria-hidden="true">
      {initials}
    </span>
  );
}

export function AppMark({ size = 36 }: { size?: number }) {
  return (
    <svg class="avatar app-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#1d3b2f" />
      <path
        d="M6.5 16c0-3 2.2-5 4.8-5 4.3 0 5.1 10 9.4 10 2.6 0 4.8-2 4.8-5s-2.2-5-4.8-5c-4.3 0-5.1 10-9.4 10-2.6 0-4.8-2-4.8-5z"
        fill="none"
        stroke="#9fe0b8"
        stroke-width="2.6"
        stroke-linecap="round"
      />
    </svg>
  );
}
