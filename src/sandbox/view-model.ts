/**
 * What one person sees in the sandbox, read off the Slack stand-in: their channels and app DM, the
 * ephemeral messages only they see, their Home tab and their open modal.
 */
import type { ManifestOffers } from './manifest';
import type { SandboxCommand, SandboxRun, SandboxState } from './protocol';
import { CHANNEL_TOPICS, titleOf } from './seed';
import type { SlackStandIn } from './slack-api';

export interface ViewModelInput {
  standIn: SlackStandIn;
  me: string;
  version: number;
  now: number;
  clockOffsetMs: number;
  teamName: string;
  commands: SandboxCommand[];
  /** Errors Slack's client shows over a whole modal when the app's answer was unusable, by view id. */
  modalBanners: ReadonlyMap<string, string>;
  /** Names this run of the stand-in (a restart or reset starts another): ephemeral marks belong to one. */
  epoch: string;
  /** The page's `?ephemerals=` (see SandboxState.ephemerals); null: every ephemeral held. */
  ephemeralsSince: string | null;
  /** Shortcuts and workflow steps from manifest.json. */
  offers: ManifestOffers;
  /** Workflow step runs started from the page, oldest first. */
  runs: readonly StartedRun[];
}

/** A run the page started: the stand-in holds its state; `delivery` says when the app did not take the event. */
export interface StartedRun {
  functionExecutionId: string;
  by: string;
  delivery?: string;
}

/** A run as the page shows it: what the stand-in recorded of how the app completed it. */
export function runOf(standIn: SlackStandIn, started: StartedRun): SandboxRun | undefined {
  const e = standIn.functionExecution(started.functionExecutionId);
  if (!e) return undefined;
  return {
    functionExecutionId: e.function_execution_id,
    callbackId: e.callback_id,
    by: started.by,
    inputs: e.inputs,
    state: e.state,
    ...(e.outputs ? { outputs: e.outputs } : {}),
    ...(e.error ? { error: e.error } : {}),
    ...(started.delivery && e.state === 'running' ? { delivery: started.delivery } : {}),
  };
}

/** `1700000000.000100` → microseconds (exact: below 2^53 for centuries). */
const tsMicros = (ts: string): number => {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1_000_000 + Number(frac.padEnd(6, '0').slice(0, 6));
};

/**
 * Which ephemerals a page sees: those posted after its mark. `now` (a page just opened or reloaded)
 * marks the newest ephemeral there is, so none of the existing ones show; a mark from another run of
 * the stand-in (it restarted or was reset since) shows all of this run's, all newer than the page.
 */
export function ephemeralWindow(
  ephemerals: readonly { message_ts: string }[],
  since: string | null,
  epoch: string,
): { after: number; mark: string } {
  if (since === 'now') {
    const newest = Math.max(0, ...ephemerals.map((e) => tsMicros(e.message_ts)));
    return { after: newest, mark: `${epoch}:${newest}` };
  }
  const m = since ? /^([A-Za-z0-9]+):(\d{1,17})$/.exec(since) : null;
  if (m && m[1] === epoch) return { after: Number(m[2]), mark: `${epoch}:${m[2]}` };
  return { after: 0, mark: `${epoch}:0` };
}

export function sandboxState(i: ViewModelInput): SandboxState {
  const { standIn, me } = i;
  const snap = standIn.toJSON();
  const people = snap.users
    .filter((u) => !u.deleted)
    .map((u) => ({
      id: u.id,
      name: u.name,
      realName: u.is_bot ? 'Trustloop' : u.real_name,
      title: u.is_bot ? 'App' : titleOf(u.id),
      tz: u.tz,
      isBot: u.is_bot,
    }));

  const channels = snap.conversations
    .filter((c) => !c.is_im && !c.is_archived && c.name !== undefined)
    .filter((c) => !c.is_private || c.members.includes(me))
    .map((c) => ({ id: c.id, name: c.name ?? c.id, members: c.members, topic: CHANNEL_TOPICS[c.id] ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const appDm = standIn.dmChannelFor(me);
  const visible = new Set([appDm, ...channels.map((c) => c.id)]);
  const messages: SandboxState['messages'] = {};
  for (const id of visible) messages[id] = snap.messages[id] ?? [];

  const dmLatest: Record<string, string> = {};
  for (const c of snap.conversations) {
    if (!c.is_im || !c.user) continue;
    const last = snap.messages[c.id]?.at(-1);
    if (last) dmLatest[c.user] = last.ts;
  }

  const stack = snap.modals[me] ?? [];
  const top = stack.at(-1);
  const banner = top ? i.modalBanners.get(top.id) : undefined;
  const shown = ephemeralWindow(snap.ephemerals, i.ephemeralsSince, i.epoch);

  return {
    version: i.version,
    now: i.now,
    clockOffsetMs: i.clockOffsetMs,
    team: { id: standIn.teamId, name: i.teamName },
    bot: { id: standIn.botUserId, name: 'Trustloop' },
    me,
    people,
    channels,
    appDm,
    messages,
    ephemerals: snap.ephemerals.filter((e) => e.user === me && tsMicros(e.message_ts) > shown.after),
    ephemeralsMark: shown.mark,
    home: snap.homes[me] ?? null,
    modal: top
      ? {
          view: top,
          errors: { ...(standIn.viewErrors(top.id) ?? {}), ...(banner ? { '': banner } : {}) },
          depth: stack.length,
        }
      : null,
    dmLatest,
    commands: i.commands,
    shortcuts: i.offers.shortcuts,
    steps: i.offers.steps,
    runs: [...i.runs]
      .reverse()
      .map((r) => runOf(standIn, r))
      .filter((r): r is SandboxRun => r !== undefined),
  };
}
