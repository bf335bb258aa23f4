/**
 * Slack's date tokens (`<!date^1392734382^{date_short_pretty} at {time}|fallback>`), shown in the
 * reader's own time zone, relative to the sandbox's clock ("today", "tomorrow").
 * Token meanings from Slack's "Formatting text for app surfaces" reference. Times use a 24-hour clock
 * (Slack's per-person setting), matching the times Trustloop writes itself.
 */

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: string;
  hour: number;
  minute: number;
  second: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar fields of an instant in a time zone (UTC when the zone is unknown). */
export function partsIn(ms: number, tz: string): Parts {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        weekday: 'long',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      return partsIn(ms, 'UTC');
    }
    formatters.set(tz, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    weekday: out.weekday ?? '',
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** Whole calendar days from `now` to `at` in the zone: 0 today, 1 tomorrow, -1 yesterday. */
export function dayDifference(at: number, now: number, tz: string): number {
  const a = partsIn(at, tz);
  const b = partsIn(now, tz);
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / 86_400_000);
}

const PRETTY: Record<number, string> = { [-1]: 'yesterday', 0: 'today', 1: 'tomorrow' };

function ago(at: number, now: number): string {
  const s = Math.round((at - now) / 1000);
  const abs = Math.abs(s);
  const [n, unit] =
    abs < 60 ? [abs, 'second'] : abs < 3600 ? [Math.round(abs / 60), 'minute'] : abs < 86400 ? [Math.round(abs / 3600), 'hour'] : [Math.round(abs / 86400), 'day'];
  const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return s >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

/** Renders a Slack date format string such as `{date_short_pretty} at {time}`. */
export function formatSlackDate(unixSeconds: number, format: string, nowMs: number, tz: string): string {
  const at = unixSeconds * 1000;
  const p = partsIn(at, tz);
  const month = MONTHS[p.month - 1] ?? '';
  const date = `${month} ${ordinal(p.day)}, ${p.year}`;
  const dateShort = `${month.slice(0, 3)} ${p.day}, ${p.year}`;
  const dateLong = `${p.weekday}, ${date}`;
  const pretty = PRETTY[dayDifference(at, nowMs, tz)];
  const tokens: Record<string, string> = {
    date_num: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    date,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: pretty ?? date,
    date_short_pretty: pretty ?? dateShort,
    date_long_pretty: pretty ?? dateLong,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
    time_secs: `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    ago: ago(at, nowMs),
  };
  const out = format.replace(/\{([a-z_]+)\}/g, (whole, name: string) => tokens[name] ?? whole);
  // "today at 17:00" reads as "Today at 17:00" when it opens the text, as in Slack's client.
  return /^\{date_(short_|long_)?pretty\}/.test(format) ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

/** "17:05" in the zone, for message timestamps. */
export function clockTime(ms: number, tz: string): string {
  const p = partsIn(ms, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** "Today", "Yesterday" or "Wednesday, November 25th" — the separators between days in a conversation. */
export function dayLabel(ms: number, nowMs: number, tz: string): string {
  const diff = dayDifference(ms, nowMs, tz);
  if (diff === 0) return 'Today';
  if (diff === -1) return 'Yesterday';
  const p = partsIn(ms, tz);
  const sameYear = partsIn(nowMs, tz).year === p.year;
  return `${p.weekday}, ${MONTHS[p.month - 1]} ${ordinal(p.day)}${sameYear ? '' : `, ${p.year}`}`;
}

/** "Wed 25 Nov, 11:02" — the sandbox clock as a person reads it. */
export function shortDateTime(ms: number, tz: string): string {
  const p = partsIn(ms, tz);
  return `${p.weekday.slice(0, 3)} ${p.day} ${(MONTHS[p.month - 1] ?? '').slice(0, 3)}, ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Calendar day key in a zone, to group messages by day. */
export function dayKey(ms: number, tz: string): string {
  const p = partsIn(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}
