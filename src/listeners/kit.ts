import { DateTime } from 'luxon';
/**
 * The shape every listener shares, written once: ack within Slack's 3 seconds, read the payload with
 * zod, call one use case, render its result with a view, and answer the person on failure — never a
 * stack trace, never a 500. A listener file then says only what is particular to it.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { View } from '@slack/types';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { asksForHelp, helpCard } from '../views/help';
import { notice, type MessageView } from '../views/message';
import { answerCommand, failureView, replyVia } from './answer';
import type { AppDeps } from './deps';
import { CommandPayload, RefValue, ActionPayload, parseMetadata, teamOf } from './payloads';
import { ViewState as ViewStateSchema, ViewSubmission, type ViewState } from './modals/state';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;
type ActionArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;
type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;
export type Client = CommandArgs['client'];

/** A slash command as our use cases read it. */
export interface CommandInput {
  teamId: string;
  userId: string;
  channelId: string;
  text: string;
  triggerId: string;
  responseUrl: string | undefined;
  /** Opens a form with the command's trigger (within Slack's 3 seconds). */
  openModal: (view: View) => Promise<void>;
}

/**
 * A slash command: the answer comes in the ack itself (or, past 2.5 s, through response_url after a
 * "working on it"). With no text, `onEmpty` may open a form instead: the trigger expires 3 s after the
 * command, so that path acks first.
 */
export function commandListener(
  deps: AppDeps,
  spec: {
    name: string;
    usage: string;
    onEmpty?: (c: CommandInput, client: Client, log: Logger) => Promise<void>;
    /** The reply; null when the command opened a form instead. */
    answer: (c: CommandInput) => Promise<MessageView | null>;
  },
) {
  return async ({ ack, command, respond, client }: CommandArgs): Promise<void> => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: `I couldn't read that command. ${spec.usage}` });
      return;
    }
    const p = payload.data;
    const c: CommandInput = {
      teamId: p.team_id,
      userId: p.user_id,
      channelId: p.channel_id,
      text: p.text,
      triggerId: p.trigger_id,
      responseUrl: p.response_url,
      openModal: async (view) => {
        await client.views.open({ trigger_id: p.trigger_id, view });
      },
    };
    const help = asksForHelp(c.text) ? helpCard(spec.name) : null;
    if (help) {
      await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
      return;
    }
    const where = { teamId: c.teamId, user: c.userId, command: spec.name };
    const log = deps.log.child({ module: spec.name.replace(/^\//, '') });
    if (c.text.trim() === '' && spec.onEmpty) {
      await ack();
      try {
        await spec.onEmpty(c, client, log);
      } catch (err) {
        const view = failureView(err, log, where);
        await respond({ response_type: 'ephemeral', text: view.text, blocks: view.blocks }).catch(
          () => undefined,
        );
      }
      return;
    }
    await answerCommand({ ack, respond, log, where }, () => spec.answer(c));
  };
}

/** A button or a select, as our use cases read it. */
export interface ActionInput {
  teamId: string;
  userId: string;
  triggerId: string;
  responseUrl: string | undefined;
  /** The button's value, or the option picked in a select. */
  value: string | undefined;
  blockId: string;
  /** Where the clicked message is (absent on the Home tab or in a modal). */
  message: { channel: string; ts: string } | undefined;
  /** The clicked message is an ephemeral one ("Only visible to you"): it can only be replaced via response_url. */
  ephemeral: boolean;
  /**
   * The idempotency key of this click: the same button on the same message (a double click, a retry)
   * is one action; Home-tab buttons are re-rendered after every change, so there each click's own
   * timestamp counts.
   */
  actionKey(actionId: string, ref: number): string;
}

/** A reference carried in a button's value ("12", or "12:loss"). */
export function refIn(a: ActionInput): { ref: number; extra: string | null } | null {
  const r = RefValue.safeParse(a.value ?? '');
  return r.success ? r.data : null;
}

export interface ActionTools {
  openModal: (view: View) => Promise<void>;
}

/** What an action shows the clicker afterwards (ephemerally, through the click's response_url). */
export interface ActionReply {
  view: MessageView;
  /** Replace the clicked message (its buttons are done) instead of adding a reply. */
  replaceOriginal?: boolean;
}

const UNREADABLE_BUTTON = notice('I couldn’t read that button. Please try again.');

/** A block action: acks at once, then runs and answers through response_url. */
export function blockAction(
  deps: AppDeps,
  spec: {
    name: string;
    /** The button carries a reference: refuse at once when it does not. */
    needsRef?: boolean;
    run: (a: ActionInput, tools: ActionTools) => Promise<ActionReply | void>;
  },
) {
  return async ({ ack, body, action, respond, client }: ActionArgs): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: spec.name });
    const payload = ActionPayload.safeParse(body);
    const teamId = teamOf(body);
    const value =
      'value' in action
        ? action.value
        : 'selected_option' in action
          ? action.selected_option?.value
          : undefined;
    if (!payload.success || !teamId) return replyVia(respond, UNREADABLE_BUTTON, log, {});
    const container = body.container as
      { channel_id?: string; message_ts?: string; view_id?: string; is_ephemeral?: boolean } | undefined;
    const channel = container?.channel_id ?? body.channel?.id;
    const ts = container?.message_ts ?? body.message?.ts;
    const input: ActionInput = {
      teamId,
      userId: payload.data.user.id,
      triggerId: payload.data.trigger_id,
      responseUrl: payload.data.response_url,
      value: value ?? undefined,
      blockId: action.block_id,
      message: channel && ts ? { channel, ts } : undefined,
      ephemeral: container?.is_ephemeral === true,
      actionKey: (actionId, ref) => {
        const clicked = body.actions[0] as { action_ts?: string } | undefined;
        const where = container?.message_ts ?? clicked?.action_ts ?? container?.view_id ?? 'unknown';
        return `${actionId}:${ref}:${payload.data.user.id}:${where}`;
      },
    };
    const ref = refIn(input);
    if (spec.needsRef && !ref) return replyVia(respond, UNREADABLE_BUTTON, log, {});
    const where = { teamId, user: input.userId, ...(ref ? { ref: ref.ref } : {}) };
    try {
      const reply = await spec.run(input, {
        openModal: async (view) => {
          await client.views.open({ trigger_id: input.triggerId, view });
        },
      });
      if (reply) await replyVia(respond, reply.view, log, where, { replaceOriginal: reply.replaceOriginal });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };
}

/** A modal submission, as our use cases read it. */
export interface SubmissionInput<M> {
  teamId: string;
  userId: string;
  viewId: string;
  state: ViewState;
  meta: M;
}

export type SubmissionOutcome =
  /** Keep the form open with these errors under their fields (block ids, named as the use case names them). */
  | { errors: Partial<Record<string, string>> }
  /** Close the form; optionally tell the person where they came from (or by DM). */
  | { close: true; confirm?: { view: MessageView; responseUrl?: string; replaceOriginal?: boolean } }
  /** Replace the form with this view (a "sent" note). */
  | { update: View };

/** Field errors are plain text in Slack. */
export const plainText = (text: string): string =>
  text.replace(/[*_`]/g, '').replace(/<@([A-Z0-9]+)>/g, 'them');

/**
 * A modal submission: the use case's field errors keep the form open (response_action: errors), as
 * Slack modals do; a refusal of the whole action goes under `mainField`.
 */
export function modalSubmission<M>(
  deps: AppDeps,
  spec: {
    name: string;
    /** The metadata we wrote into the view, checked on the way back in. */
    meta: z.ZodType<M>;
    /** Where a refusal goes, and what to say when the form came back unreadable. */
    mainField: string;
    lost: string;
    submit: (s: SubmissionInput<M>) => Promise<SubmissionOutcome>;
  },
) {
  return async ({ ack, body, client }: ViewArgs): Promise<void> => {
    const log = deps.log.child({ module: spec.name });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(spec.meta, body.view.private_metadata);
    if (!parsed.success || !teamId || meta === null) {
      await ack({ response_action: 'errors', errors: { [spec.mainField]: spec.lost } });
      return;
    }
    const input: SubmissionInput<M> = {
      teamId,
      userId: parsed.data.user.id,
      viewId: parsed.data.view.id,
      state: parsed.data.view.state,
      meta,
    };
    const where = { teamId, user: input.userId, modal: spec.name };
    let outcome: SubmissionOutcome;
    try {
      outcome = await spec.submit(input);
    } catch (err) {
      const field = err instanceof AppError && err.field ? err.field : spec.mainField;
      const text = err instanceof AppError ? err.userMessage : failureView(err, log, where).text;
      if (err instanceof AppError) log.info({ ...where, code: err.code }, 'refused: %s', err.code);
      await ack({ response_action: 'errors', errors: { [field]: plainText(text) } });
      return;
    }
    if ('errors' in outcome) {
      const errors = Object.fromEntries(
        Object.entries(outcome.errors).flatMap(([k, v]) => (v === undefined ? [] : [[k, plainText(v)]])),
      );
      await ack({ response_action: 'errors', errors });
      return;
    }
    if ('update' in outcome) {
      await ack({ response_action: 'update', view: outcome.update });
      return;
    }
    await ack();
    if (outcome.confirm) await confirm(deps, client, input.userId, outcome.confirm, log, where);
  };
}

/**
 * A form's confirmation goes back where the person typed the command (the response_url kept in the
 * form's metadata, if it is Slack's); otherwise by DM.
 */
async function confirm(
  deps: AppDeps,
  client: Client,
  userId: string,
  c: { view: MessageView; responseUrl?: string; replaceOriginal?: boolean },
  log: Logger,
  where: Record<string, unknown>,
): Promise<void> {
  try {
    if (c.responseUrl && deps.trustedResponseUrl(c.responseUrl)) {
      const res = await fetch(c.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          response_type: 'ephemeral',
          ...(c.replaceOriginal ? { replace_original: true } : {}),
          text: c.view.text,
          blocks: c.view.blocks,
        }),
      });
      if (res.ok) return;
    } else if (c.responseUrl) {
      log.warn(where, 'a form carried a response_url that is not Slack’s; confirmed by DM instead');
    }
    await client.chat.postMessage({ channel: userId, text: c.view.text, blocks: c.view.blocks });
  } catch (err) {
    log.warn({ ...where, err }, 'could not send the confirmation');
  }
}

/** A change inside an open form (an element with dispatch_action), as our use cases read it. */
export interface FormChangeInput<M> {
  teamId: string;
  userId: string;
  state: ViewState;
  meta: M;
}

const FormChangeBody = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    id: z.string().min(1),
    hash: z.string().optional(),
    private_metadata: z.string().optional(),
    state: ViewStateSchema,
  }),
});

/**
 * A form that follows what is picked: acks at once, asks the use case how the form should look now,
 * and updates it in place (views.update with the view's hash, so an older answer never overwrites a
 * newer one). Nothing is written; a failure leaves the form as it was, and the submit still checks all.
 */
export function formChange<M>(
  deps: AppDeps,
  spec: { name: string; meta: z.ZodType<M>; render: (f: FormChangeInput<M>) => Promise<View | null> },
) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: spec.name });
    const parsed = FormChangeBody.safeParse(body);
    const teamId = teamOf(body);
    const meta = parsed.success ? parseMetadata(spec.meta, parsed.data.view.private_metadata) : null;
    if (!parsed.success || !teamId || meta === null) {
      log.info({ teamId }, 'a form change could not be read; the form stays as it is');
      return;
    }
    const { view } = parsed.data;
    const where = { teamId, user: parsed.data.user.id, modal: spec.name };
    try {
      const next = await spec.render({ teamId, userId: parsed.data.user.id, state: view.state, meta });
      if (next)
        await client.views.update({
          view_id: view.id,
          ...(view.hash ? { hash: view.hash } : {}),
          view: next,
        });
    } catch (err) {
      // hash_conflict: the person changed something again meanwhile; that change brings its own update
      log.info({ ...where, err }, 'the form was not updated');
    }
  };
}

type ShortcutArgs = AllMiddlewareArgs & SlackShortcutMiddlewareArgs;

/** A shortcut, as our use cases read it: from a message ("⋯") or from anywhere (the lightning menu). */
export interface ShortcutInput {
  teamId: string;
  userId: string;
  /** Message shortcuts only: the message it was used on, read from the payload alone. */
  message: { channelId: string; ts: string; text: string; authorId: string | null } | null;
  openModal: (view: View) => Promise<void>;
  /** Slack's link to the message (chat.getPermalink), or null when Slack will not give one. */
  permalink: () => Promise<string | null>;
}

const ShortcutBody = z.object({
  type: z.enum(['message_action', 'shortcut']),
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  message_ts: z.string().optional(),
  message: z
    .object({ text: z.string().optional(), user: z.string().optional(), bot_id: z.string().optional() })
    .optional(),
  response_url: z.string().optional(),
});

/** A shortcut opens a form: ack at once (the trigger lasts 3 s), read the payload, open it. */
export function shortcutListener(
  deps: AppDeps,
  spec: { name: string; run: (s: ShortcutInput) => Promise<void> },
) {
  return async ({ ack, body, client, respond }: ShortcutArgs): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: spec.name });
    const parsed = ShortcutBody.safeParse(body);
    const teamId = teamOf(body);
    if (!parsed.success || !teamId) {
      log.info({ teamId }, 'a shortcut payload could not be read');
      return;
    }
    const p = parsed.data;
    const message =
      p.type === 'message_action' && p.channel && p.message_ts
        ? {
            channelId: p.channel.id,
            ts: p.message_ts,
            text: p.message?.text ?? '',
            authorId: p.message?.bot_id ? null : (p.message?.user ?? null),
          }
        : null;
    const where = { teamId, user: p.user.id, shortcut: spec.name };
    try {
      await spec.run({
        teamId,
        userId: p.user.id,
        message,
        openModal: async (view) => {
          await client.views.open({ trigger_id: p.trigger_id, view });
        },
        permalink: async () => {
          if (!message) return null;
          const r = await client.chat
            .getPermalink({ channel: message.channelId, message_ts: message.ts })
            .catch(() => null);
          return typeof r?.permalink === 'string' ? r.permalink : null;
        },
      });
    } catch (err) {
      const view = failureView(err, log, where);
      if (p.response_url) await replyVia(respond, view, log, where);
    }
  };
}

/** The day a form's date picker starts on: `days` after today in the person's own zone (YYYY-MM-DD). */
export function formDateIn(now: Date, tz: string, days: number): string {
  return DateTime.fromJSDate(now, { zone: tz }).plus({ days }).toISODate() ?? '2030-01-01';
}
