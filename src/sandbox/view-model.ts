/**
 * What one person sees in the sandbox, read off the Slack stand-in: their channels and app DM, the
 * ephemeral messages only they see, their Home tab and their open modal.
 */
import type { SandboxCommand, SandboxState } from './protocol';
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
    ephemerals: snap.ephemerals.filter((e) => e.user === me),
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
  };
}
