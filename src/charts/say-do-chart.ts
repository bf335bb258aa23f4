/**
 * The Home tab's 8-week picture: a leader's say/do per week (kept on time, kept late, moved, missed)
 * above the team's wins and losses per week. Drawn with Vega-Lite (compiled to a Vega spec, rendered
 * headless to SVG — no canvas) and rasterised to PNG with resvg, using the DejaVu Sans font shipped in
 * the `dejavu-fonts-ttf` package and no system fonts, so the picture is the same on every machine.
 *
 * Vega and Vega-Lite are ES modules with top-level await: loaded once, with import(), on first use.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** One week of the chart, oldest first. */
export interface ChartWeek {
  /** "Oct 6": the day the week starts, in the reader's time zone. */
  label: string;
  keptOnTime: number;
  keptLate: number;
  moved: number;
  missed: number;
  wins: number;
  losses: number;
}

export interface ChartData {
  weeks: ChartWeek[];
}

/** The hash the cache keys on: a chart is drawn again only when what it shows changes. */
export function chartHash(d: ChartData): string {
  return createHash('sha256').update(JSON.stringify(d.weeks)).digest('hex').slice(0, 16);
}

/** Nothing to draw: no promise settled or moved, no outcome in the 8 weeks. */
export function chartIsEmpty(d: ChartData): boolean {
  return d.weeks.every((w) => w.keptOnTime + w.keptLate + w.moved + w.missed + w.wins + w.losses === 0);
}

const FONT_FAMILY = 'DejaVu Sans';
const localRequire = createRequire(__filename);
const FONT_FILE = path.join(
  path.dirname(localRequire.resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
  'DejaVuSans.ttf',
);

const SAY_DO = [
  { key: 'kept on time', color: '#2e7d32' },
  { key: 'kept late', color: '#9ccc65' },
  { key: 'moved before due', color: '#f9a825' },
  { key: 'missed', color: '#c62828' },
];
const OUTCOMES = [
  { key: 'wins', color: '#1565c0' },
  { key: 'losses', color: '#8e24aa' },
];

/** The two datasets the picture draws, as rows Vega-Lite reads. */
function datasets(d: ChartData): { sayDo: unknown[]; outcomes: unknown[] } {
  return {
    sayDo: d.weeks.flatMap((w, i) => [
      { week: w.label, i, what: 'kept on time', n: w.keptOnTime, o: 0 },
      { week: w.label, i, what: 'kept late', n: w.keptLate, o: 1 },
      { week: w.label, i, what: 'moved before due', n: w.moved, o: 2 },
      { week: w.label, i, what: 'missed', n: w.missed, o: 3 },
    ]),
    outcomes: d.weeks.flatMap((w, i) => [
      { week: w.label, i, what: 'wins', n: w.wins, o: 0 },
      { week: w.label, i, what: 'losses', n: w.losses, o: 1 },
    ]),
  };
}

/** The chart's Vega-Lite spec: data by name, so it is compiled and parsed once and reused. */
function spec(): Record<string, unknown> {
  const panel = (title: string, data: string, scale: { key: string; color: string }[]) => ({
    title,
    width: 520,
    height: 130,
    data: { name: data },
    mark: { type: 'bar' },
    encoding: {
      // weeks oldest first: sorted by their index, labelled by their first day
      x: { field: 'week', type: 'ordinal', sort: { field: 'i' }, title: null, axis: { labelAngle: 0 } },
      y: { field: 'n', type: 'quantitative', title: null, axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'what',
        type: 'nominal',
        title: null,
        scale: { domain: scale.map((s) => s.key), range: scale.map((s) => s.color) },
        legend: { orient: 'right' },
      },
      order: { field: 'o' },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 12,
    config: { font: FONT_FAMILY, view: { stroke: null } },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    vconcat: [
      panel('Your say/do, week by week', 'sayDo', SAY_DO),
      panel('Your team’s outcomes, week by week', 'outcomes', OUTCOMES),
    ],
  };
}

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
let libs: Promise<[VegaModule, VegaLiteModule]> | null = null;
// one after the other: loading both at once trips up module loaders that link lazily (jest's)
const load = () =>
  (libs ??= (async () => {
    const vega = await import('vega');
    const vl = await import('vega-lite');
    return [vega, vl] as [VegaModule, VegaLiteModule];
  })());

let runtime: Promise<{ vega: VegaModule; parsed: ReturnType<VegaModule['parse']> }> | null = null;
/** Compiled (Vega-Lite → Vega) and parsed once: each chart only brings its data. */
const prepared = () =>
  (runtime ??= load().then(([vega, vl]) => {
    const compiled = vl.compile(spec() as unknown as Parameters<VegaLiteModule['compile']>[0]).spec;
    return { vega, parsed: vega.parse(compiled) };
  }));

/** The chart as SVG text. */
export async function chartSvg(d: ChartData): Promise<string> {
  const { vega, parsed } = await prepared();
  const data = datasets(d);
  const view = new vega.View(parsed, { renderer: 'none' });
  try {
    view.data('sayDo', data.sayDo).data('outcomes', data.outcomes);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG to PNG at 1.5 × the size: sharp enough on high-density screens, a third cheaper than 2 ×. */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 1.5 },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return r.render().asPng();
}

export async function chartPng(d: ChartData): Promise<Buffer> {
  return svgToPng(await chartSvg(d));
}

/** What the picture shows, in words, for screen readers (Slack's alt_text: at most 2,000 characters). */
export function chartAltText(d: ChartData): string {
  const t = d.weeks.reduce(
    (a, w) => ({
      keptOnTime: a.keptOnTime + w.keptOnTime,
      keptLate: a.keptLate + w.keptLate,
      moved: a.moved + w.moved,
      missed: a.missed + w.missed,
      wins: a.wins + w.wins,
      losses: a.losses + w.losses,
    }),
    { keptOnTime: 0, keptLate: 0, moved: 0, missed: 0, wins: 0, losses: 0 },
  );
  const perWeek = d.weeks
    .map(
      (w) =>
        `week of ${w.label}: ${w.keptOnTime} kept on time, ${w.keptLate} late, ${w.moved} moved, ${w.missed} missed; team ${w.wins} won, ${w.losses} lost`,
    )
    .join('. ');
  const text = `Chart of the last ${d.weeks.length} weeks. Your promises: ${t.keptOnTime} kept on time, ${t.keptLate} kept late, ${t.moved} moved before due, ${t.missed} missed. Your team’s outcomes: ${t.wins} wins, ${t.losses} losses. ${perWeek}.`;
  return text.length <= 2000 ? text : `${text.slice(0, 1999)}…`;
}
