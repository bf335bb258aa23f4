/**
 * The small vocabulary every message definition uses: a message *kind* (its stored payload, the Web
 * API method that sends it, and how it is rendered when sent) and a *route* (which announcement
 * queues which kinds, for whom, when, under which idempotency key).
 */
import type { z } from 'zod';
import type { Announcement, AnnouncementType } from '../domain/announcements';
import type { Delegation } from '../domain/delegation';
import type { ReminderItem, ReminderRead } from '../domain/reminders';
import type { Queryable } from '../db/db';
import type { StaleRule } from '../db/outbox';
import type { ServiceDeps } from '../services/ports';
import type { MessageView } from '../views/message';

/** A Web API call, ready to send. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/** What a kind's renderer may use: most render from their payload alone; fresh ones read state. */
export interface RenderContext {
  deps: ServiceDeps;
  teamId: string;
  /** The outbox row's id (a reminder's Snooze names it). */
  rowId: number;
  /** Renders another stored message (a fallback DM carries the message it stands in for). */
  renderStored(kind: string, method: string, payload: unknown): Promise<SlackCall | null>;
  /**
   * The message was posted before and is being brought up to date in place (chat.update): a kind that
   * drops what is no longer relevant on its first send shows it as settled instead.
   */
  updating: boolean;
  /** The delegation as it is now in this workspace, read together with the other messages being sent. */
  delegationNow(ref: number): Promise<Delegation | null>;
  /** What a reminder to this person naming these items reads now, together with the other reminders being sent. */
  reminderNow: (userId: string, items: readonly ReminderItem[]) => Promise<ReminderRead>;
}

export type Render<P> = (payload: P, ctx: RenderContext) => SlackCall | null | Promise<SlackCall | null>;

/** A message waiting to be queued: one outbox row. */
export interface Planned {
  kind: string;
  method: string;
  payload: unknown;
  /** Natural key (what, for whom, which period): the same message is never queued twice. */
  key: string;
  /** The conversation: messages to one conversation go out in order, paced. */
  channelKey: string;
  /** Business time it may go (a reminder's moment, a leader's working morning). */
  notBefore: Date;
  /** Dropped at send time when this no longer holds (a nudge for something acknowledged meanwhile). */
  staleUnless?: StaleRule;
  /** When the channel cannot be reached, these people get it by DM instead. */
  fallbackDmTo?: string[];
  /**
   * What the message shows and offers actions on ('delegation:3'): when one of them changes, the
   * message is updated in place, so its buttons never stay live after use.
   */
  subjects?: string[];
  /** Sent only inside this person's working hours: a DM the scheduler sends on its own. */
  inHoursOf?: string;
}

/** What a kind does with Slack's answer once its message was sent (keeps an uploaded file's id). */
export type AfterSent<P> = (
  payload: P,
  ctx: { deps: ServiceDeps; teamId: string },
  response: Record<string, unknown>,
) => Promise<void>;

export interface Kind<P> {
  kind: string;
  method: string;
  schema: z.ZodType<P>;
  render: Render<P>;
  sent?: AfterSent<P>;
  /** Plans one row of this kind. */
  queue(
    payload: P,
    where: {
      key: string;
      to: string;
      notBefore: Date;
      staleUnless?: StaleRule;
      fallbackDmTo?: string[];
      subjects?: string[];
      inHoursOf?: string;
    },
  ): Planned;
}

export function defineKind<P>(
  kind: string,
  method: string,
  schema: z.ZodType<P>,
  render: Render<P>,
  sent?: AfterSent<P>,
): Kind<P> {
  return {
    kind,
    method,
    schema,
    render,
    sent,
    queue: (payload, where) => ({
      kind,
      method,
      payload,
      key: where.key,
      channelKey: where.to,
      notBefore: where.notBefore,
      staleUnless: where.staleUnless,
      fallbackDmTo: where.fallbackDmTo,
      subjects: where.subjects,
      inHoursOf: where.inHoursOf,
    }),
  };
}

/**
 * What one announcement becomes: the rows to queue, whose Home tab changed, and which subjects
 * changed (every message already posted that shows one of them is updated in place).
 */
export interface Routed {
  messages: Planned[];
  homes: string[];
  settle?: string[];
}

/** The subject names messages are keyed by for updates in place. */
export const subject = {
  delegation: (d: { ref: number }) => `delegation:${d.ref}`,
  commitment: (c: { ref: number }) => `commitment:${c.ref}`,
};

export interface RouteContext {
  now: Date;
  /** The transaction the announcement is made in (a route may look up what was already sent). */
  tx: Queryable;
}

export type Route<T extends AnnouncementType> = (
  a: Extract<Announcement, { type: T }>,
  ctx: RouteContext,
) => Routed | Promise<Routed>;

export type Routes<T extends AnnouncementType> = { [K in T]: Route<K> };

/** A message posted to a conversation (a channel, or a person's DM by their user id). */
export function post(channel: string, view: MessageView, extra: Record<string, unknown> = {}): SlackCall {
  return {
    method: 'chat.postMessage',
    args: {
      channel,
      text: view.text,
      // a plain line (a note in a thread) has no blocks: Slack shows the text
      ...(view.blocks.length > 0 ? { blocks: view.blocks } : {}),
      unfurl_links: false,
      ...extra,
    },
  };
}
