/**
 * Reading days of the week as people type them: `Friday`, `fri`, `fridays`, `mon,wed`, `mon-thu`,
 * `Monday to Thursday`, `weekdays`, `weekends`, `daily`, `every day`. Shared by ritual schedules and
 * `/ritual me days`. ISO weekdays throughout: 1 = Monday … 7 = Sunday.
 */

// prettier-ignore
const DAY_NAMES: Readonly<Record<string, number>> = {
  mon: 1, monday: 1, mondays: 1,
  tue: 2, tues: 2, tuesday: 2, tuesdays: 2,
  wed: 3, weds: 3, wednesday: 3, wednesdays: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, thursdays: 4,
  fri: 5, friday: 5, fridays: 5,
  sat: 6, saturday: 6, saturdays: 6,
  sun: 7, sunday: 7, sundays: 7,
};

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Words that stand for a group of days. */
// prettier-ignore
const DAY_GROUPS: Readonly<Record<string, readonly number[]>> = {
  weekday: WEEKDAYS, weekdays: WEEKDAYS, workday: WEEKDAYS, workdays: WEEKDAYS,
  weekend: WEEKEND, weekends: WEEKEND,
  daily: ALL_DAYS, day: ALL_DAYS, days: ALL_DAYS, everyday: ALL_DAYS,
};

/** Own keys only: "constructor" is not a day. */
function dayNamed(word: string): number | undefined {
  return Object.hasOwn(DAY_NAMES, word) ? DAY_NAMES[word] : undefined;
}

export const ISO_DAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

const RANGE = /\b([a-z]+)\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b|\btill\b|\buntil\b)\s*([a-z]+)\b/g;

export interface DayWords {
  /** Sorted, unique ISO weekdays. */
  days: number[];
  /** Whether any day was named one by one (`Friday`, `mon-thu`) rather than as a group (`weekdays`). */
  named: boolean;
  /** Whether any group word was used (`daily`, `weekdays`, `weekends`, `every day`). */
  grouped: boolean;
  /** Words that are neither days nor in `ignore`, as typed (lower-cased). */
  unknown: string[];
}

/**
 * Reads every day word in `text` (lower-case), skipping the filler words in `ignore`.
 * Ranges wrap around the week (`fri-mon` is Friday to Monday), as a person working them would mean.
 */
export function readDays(text: string, ignore: ReadonlySet<string>): DayWords {
  const found = new Set<number>();
  let named = false;
  // Ranges first: "mon-thu", "Monday to Thursday" become the days they cover.
  const rest = text.replace(RANGE, (whole, a: string, b: string) => {
    const from = dayNamed(a);
    const to = dayNamed(b);
    if (from === undefined || to === undefined) return whole;
    named = true;
    for (let d = from, i = 0; i < 7; d = (d % 7) + 1, i++) {
      found.add(d);
      if (d === to) break;
    }
    return ' ';
  });
  let grouped = false;
  const unknown: string[] = [];
  for (const word of rest.split(/[\s,;&+/]+/u)) {
    if (!word || ignore.has(word)) continue;
    const day = dayNamed(word);
    const group = Object.hasOwn(DAY_GROUPS, word) ? DAY_GROUPS[word] : undefined;
    if (day !== undefined) {
      found.add(day);
      named = true;
    } else if (group !== undefined) {
      group.forEach((d) => found.add(d));
      grouped = true;
    } else {
      unknown.push(word);
    }
  }
  return { days: [...found].sort((a, b) => a - b), named, grouped, unknown };
}

/** "Monday", "Monday and Wednesday", "Monday, Wednesday and Friday", "weekday", "day". */
export function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'day';
  if (sorted.join() === WEEKDAYS.join()) return 'weekday';
  const names = sorted.map((d) => ISO_DAY_NAMES[d]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A compact list for settings: "Mon–Thu", "Mon, Wed, Fri", "Sun–Thu" (runs may wrap the week). */
export function describeDaysShort(days: readonly number[]): string {
  const set = new Set(days);
  const short = (d: number) => ISO_DAY_NAMES[d].slice(0, 3);
  if (set.size >= 3 && set.size < 7) {
    // A run of three or more days in a row, possibly across Sunday→Monday: name its ends.
    for (const first of set) {
      if (set.has(((first + 5) % 7) + 1)) continue; // the day before is in the run: not its start
      let last = first;
      while (set.has((last % 7) + 1)) last = (last % 7) + 1;
      const length = ((last - first + 7) % 7) + 1;
      if (length === set.size) return `${short(first)}–${short(last)}`;
    }
  }
  if (set.size === 7) return 'every day';
  return [...set]
    .sort((a, b) => a - b)
    .map(short)
    .join(', ');
}
