/**
 * Sends requests to a Slack app exactly as Slack does: signed (`X-Slack-Signature`,
 * `X-Slack-Request-Timestamp`), slash commands and interactivity as `application/x-www-form-urlencoded`
 * (that exact header: Bolt compares it literally), Events API as `application/json`; and then applies
 * the app's answer the way Slack's client would (modal closes, errors under fields, ack text shown).
 *
 * Payload shapes: slack-platform.md §1 (slash commands), §3 (block_actions, view_submission,
 * view_closed), §4 (Events API envelope, app_home_opened, url_verification), after Bolt's types and the
 * java-slack-sdk JSON samples; message_action / shortcut after Bolt's `MessageShortcut` /
 * `GlobalShortcut` and java-slack-sdk `MessageActionPayload.json`; function_executed after
 * @slack/types `FunctionExecutedEvent`.
 *
 * Two transports carry the same requests: `http` (signed POSTs to the app's request URL) and `socket`
 * (Socket Mode envelopes over the stand-in's WebSocket server, acked with `envelope_id`), so one
 * journey can run either way. Each sender speaks for one workspace (`teamId`, default the first).
 */
import { randomBytes } from 'node:crypto';
import { cloneJson, isJsonObject, parseJson, type JsonObject } from '../slack-api/json';
import type {
  FunctionExecution,
  ResponseUrlOptions,
  SlackEphemeral,
  SlackMessage,
  SlackStandIn,
  SlackView,
  SocketEnvelopeType,
  StandInInstallation,
  ViewStateValues,
  ViewSubmissionOutcome,
} from '../slack-api/types';
import { buildViewState, findElement, isFilled, stateValue, type UserInput } from './elements';
import { signatureHeaders, type SigningOptions } from './sign';

export interface SenderOptions {
  /** The app's request URL, e.g. `http://127.0.0.1:3000/slack/events` (HTTP transport only). */
  appUrl?: string;
  signingSecret: string;
  standIn: SlackStandIn;
  /**
   * `http` (default): signed POSTs to `appUrl`. `socket`: Socket Mode envelopes to the app connected
   * to the stand-in (`standIn.socketMode`); the ack payload plays the part of the HTTP answer.
   */
  transport?: 'http' | 'socket';
  /** The workspace this sender speaks for (default the stand-in's first workspace). */
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** The deprecated verification token Slack still puts in `token`. */
  verificationToken?: string;
  /**
   * Clock for `X-Slack-Request-Timestamp`, `action_ts`, `event_time`. Default `Date.now`: the app checks
   * the timestamp against its own clock, so this is real time even when the stand-in's clock is not.
   */
  now?: () => number;
  /** Slack gives up on an app after 3 s (commands, interactivity, events). Default 3000. */
  timeoutMs?: number;
}

export interface SendOptions extends SigningOptions {
  /** Extra headers (e.g. to tamper with the content type in a test). */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface EventSendOptions extends SendOptions {
  /** `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` (Socket Mode: `retry_attempt` / `retry_reason`). */
  retryNum?: number;
  retryReason?: string;
  /** Reuse an event id, as Slack does on redeliveries of the same event. */
  eventId?: string;
}

export interface SendResult {
  /** HTTP status; 0 when the app did not answer in time or could not be reached. */
  status: number;
  /** Parsed JSON when the answer was JSON, else the text ('' for an empty body). */
  body: unknown;
  headers: Record<string, string>;
  timedOut: boolean;
  /** Set when the request never got an HTTP answer (connection refused, timeout). */
  error?: string;
}

export interface CommandInput extends SendOptions {
  /** `/delegate` */
  command: string;
  text?: string;
  userId: string;
  /** A conversation id; a user id means the app's DM with `userId` (the Messages tab). */
  channelId: string;
  channelName?: string;
}

export interface CommandResult extends SendResult {
  responseUrl: string;
  triggerId: string;
}

export interface BlockActionInput extends SendOptions {
  userId: string;
  actionId: string;
  blockId?: string;
  /** The message holding the element: its conversation (or a user id for the app DM) and ts. */
  channelId?: string;
  messageTs?: string;
  /** The message is ephemeral (seen by `userId` only): Slack sends no `message` then. */
  ephemeral?: boolean;
  /** The element is in a view: the user's open modal, their Home tab, or a view by id. */
  view?: 'modal' | 'home' | { id: string };
  /**
   * What the user did: a button click needs nothing; a select/radio takes the option value; a multi
   * select/checkboxes a list; a users_select the user id; a datepicker `YYYY-MM-DD`.
   */
  input?: UserInput;
  /** Shorthand for `input` with a text value (plain_text_input with dispatch_action). */
  value?: string;
  /** Shorthand for `input`: the value of the option picked in a select / radio / overflow. */
  selectedOption?: string;
  /** State of other inputs in the view at click time (merged into view.state.values). */
  inputs?: Record<string, UserInput>;
}

export interface BlockActionResult extends SendResult {
  triggerId: string;
  /** Only for message containers, as Slack sends it. */
  responseUrl?: string;
  payload: JsonObject;
}

export interface ViewSubmissionInput extends SendOptions {
  userId: string;
  /** Default: the view on top of the user's modal stack (the one they can press Submit on). */
  viewId?: string;
  /** Input values by block_id (or `block_id.action_id`), typed like the element (see UserInput). */
  inputs?: Record<string, UserInput>;
  /** Raw `state.values` entries, Slack-shaped, applied last. */
  values?: ViewStateValues;
}

export interface ViewSubmissionResult extends SendResult {
  /** False when Slack's client would not send it (a required input left empty). */
  sent: boolean;
  outcome: ViewSubmissionOutcome;
  payload?: JsonObject;
}

export interface ViewClosedInput extends SendOptions {
  userId: string;
  viewId?: string;
  /** The user closed the whole stack (`is_cleared`). */
  isCleared?: boolean;
}

export interface ViewClosedResult {
  /** Slack only sends view_closed for views opened with `notify_on_close: true`. */
  sent: boolean;
  result?: SendResult;
}

export type EventInput =
  | { type: 'app_home_opened'; user: string; tab?: 'home' | 'messages' }
  | ({ type: string } & Record<string, unknown>);

export interface EventResult extends SendResult {
  eventId: string;
  envelope: JsonObject;
}

export interface MessageShortcutInput extends SendOptions {
  userId: string;
  callbackId: string;
  /** The message the shortcut was used on: its conversation (a user id = the app DM) and ts. */
  channelId: string;
  messageTs: string;
}

export interface GlobalShortcutInput extends SendOptions {
  userId: string;
  callbackId: string;
}

export interface ShortcutResult extends SendResult {
  triggerId: string;
  /** Message shortcuts only. */
  responseUrl?: string;
  payload: JsonObject;
}

export interface FunctionParameter {
  name: string;
  type: string;
  title?: string;
  description?: string;
  is_required?: boolean;
}

export interface FunctionExecutedInput extends EventSendOptions {
  /** The step's `callback_id` in the manifest's `functions`. */
  callbackId: string;
  inputs?: JsonObject;
  title?: string;
  /** Send the event of a run already started (its id and token) again, instead of starting a new run. */
  execution?: FunctionExecution;
  /** Default: one `string` parameter per input. */
  inputParameters?: FunctionParameter[];
  outputParameters?: FunctionParameter[];
}

export interface FunctionExecutedResult extends EventResult {
  execution: FunctionExecution;
}

export interface UninstallInput extends EventSendOptions {
  /** Events to send, in this order (Slack guarantees none). Default: app_uninstalled, tokens_revoked. */
  events?: ('app_uninstalled' | 'tokens_revoked')[];
  /** What the revoked tokens answer from now on. Default `token_revoked`. */
  answer?: 'token_revoked' | 'account_inactive' | 'invalid_auth';
}

export interface UninstallResult {
  installation: StandInInstallation;
  results: EventResult[];
}

export interface SlackSender {
  command(input: CommandInput): Promise<CommandResult>;
  blockAction(input: BlockActionInput): Promise<BlockActionResult>;
  viewSubmission(input: ViewSubmissionInput): Promise<ViewSubmissionResult>;
  viewClosed(input: ViewClosedInput): Promise<ViewClosedResult>;
  event(event: EventInput, opts?: EventSendOptions): Promise<EventResult>;
  urlVerification(opts?: SendOptions): Promise<SendResult & { challenge: string }>;
  /** A message shortcut ("⋯" menu on a message): `message_action`. */
  messageShortcut(input: MessageShortcutInput): Promise<ShortcutResult>;
  /** A global shortcut (lightning menu): `shortcut`. */
  globalShortcut(input: GlobalShortcutInput): Promise<ShortcutResult>;
  /** Starts a workflow step run in the stand-in and sends its `function_executed` event. */
  functionExecuted(input: FunctionExecutedInput): Promise<FunctionExecutedResult>;
  /** `app_uninstalled` (no fields besides its type). */
  appUninstalled(opts?: EventSendOptions): Promise<EventResult>;
  /** `tokens_revoked`: user ids whose user tokens (`oauth`) and bot tokens (`bot`) were revoked. */
  tokensRevoked(tokens: { oauth?: string[]; bot?: string[] }, opts?: EventSendOptions): Promise<EventResult>;
  /**
   * Uninstalls the app from this workspace (or its org, for an org-wide install): the stand-in revokes
   * the tokens, then the events are sent as Slack sends them.
   */
  uninstall(input?: UninstallInput): Promise<UninstallResult>;
  /** Posts any body, signed like the others (for tests of odd requests; HTTP only). */
  raw(body: string, contentType: string, opts?: EventSendOptions): Promise<SendResult>;
}

/** Typed stand-in objects (views, state values) are plain JSON data; this says so to the compiler. */
function asJson(value: object): JsonObject {
  return cloneJson(value) as unknown as JsonObject;
}

export function createSlackSender(options: SenderOptions): SlackSender {
  const { standIn: root } = options;
  const transport = options.transport ?? 'http';
  if (transport === 'http' && !options.appUrl) throw new Error('createSlackSender: appUrl is needed for HTTP');
  // The workspace this sender speaks for; `standIn` below is its view (the first workspace by default).
  const standIn = options.teamId ? root.workspace(options.teamId) : root;
  const teamId = options.teamId ?? root.teamId;
  const teamDomain = options.teamDomain ?? standIn.teamDomain;
  const apiAppId = options.apiAppId ?? root.appId;
  const token = options.verificationToken ?? 'sandbox-verification-token';
  const now = options.now ?? Date.now;
  const enterpriseId = standIn.enterpriseId;
  const enterpriseName = standIn.enterpriseName ?? enterpriseId;

  /** The installation serving this workspace: its own, else its org's org-wide one. */
  const installationKey = (): string | undefined => {
    const own = root.installation(teamId);
    if (own && !own.uninstalled) return own.key;
    const org = enterpriseId ? root.installation(enterpriseId) : undefined;
    if (org && !org.uninstalled) return org.key;
    return own?.key ?? org?.key;
  };
  /** Requests carry `is_enterprise_install: true` when the app is installed org-wide. */
  const orgWide = (): boolean => {
    const key = installationKey();
    return key !== undefined && key === enterpriseId && root.installation(key)?.isEnterpriseInstall === true;
  };
  const enterpriseObj = () => (enterpriseId ? { id: enterpriseId, name: enterpriseName ?? enterpriseId } : null);
  const team = () => ({
    id: teamId,
    domain: teamDomain,
    ...(enterpriseId ? { enterprise_id: enterpriseId, enterprise_name: enterpriseName ?? enterpriseId } : {}),
  });
  const userObj = (userId: string) => {
    const name = standIn.user(userId)?.name ?? userId;
    return { id: userId, username: name, name, team_id: standIn.user(userId)?.team_id ?? teamId };
  };
  /** action_ts / event_ts look like message ts: seconds with micros. */
  const tsNow = () => (now() / 1000).toFixed(6);

  async function post(body: string, contentType: string, opts: EventSendOptions = {}): Promise<SendResult> {
    if (!options.appUrl) throw new Error('This sender has no appUrl (HTTP requests need one)');
    const appUrl = options.appUrl;
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signatureHeaders(body, options.signingSecret, now(), opts),
      ...(opts.retryNum !== undefined
        ? {
            'X-Slack-Retry-Num': String(opts.retryNum),
            'X-Slack-Retry-Reason': opts.retryReason ?? 'http_timeout',
          }
        : {}),
      ...opts.headers,
    };
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs ?? 3000;
    try {
      const res = await fetch(appUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      let parsed: unknown = text;
      if (text !== '' && type.includes('json')) {
        const p = parseJson(text);
        if (p.ok) parsed = p.value;
      }
      return { status: res.status, body: parsed, headers: Object.fromEntries(res.headers), timedOut: false };
    } catch (err) {
      // fetch rejects with a DOMException on timeout: not always `instanceof Error` (e.g. in jest's VM realm).
      const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
      const message = cause ?? (err instanceof Error ? err.message : String(err));
      return { status: 0, body: '', headers: {}, timedOut, error: timedOut ? 'operation_timeout' : message };
    }
  }

  /** One Socket Mode envelope; the ack's payload stands for the HTTP body (an empty ack is an empty 200). */
  async function overSocket(type: SocketEnvelopeType, payload: JsonObject, opts: EventSendOptions = {}): Promise<SendResult> {
    const delivery = await root.socketMode.send(type, payload, {
      timeoutMs: opts.timeoutMs ?? options.timeoutMs ?? 3000,
      ...(opts.retryNum !== undefined ? { retryAttempt: opts.retryNum, retryReason: opts.retryReason ?? 'timeout' } : {}),
    });
    if (!delivery.acked) {
      return { status: 0, body: '', headers: {}, timedOut: delivery.error === 'timeout', error: delivery.error ?? 'not_acked' };
    }
    const ackBody = delivery.ack?.payload;
    const empty = ackBody === undefined || ackBody === null || (isJsonObject(ackBody) && Object.keys(ackBody).length === 0);
    return { status: 200, body: empty ? '' : ackBody, headers: {}, timedOut: false };
  }

  const postForm = (fields: [string, string][], opts?: SendOptions) =>
    transport === 'socket'
      ? overSocket('slash_commands', Object.fromEntries(fields), opts)
      : post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', opts);

  const postPayload = (payload: JsonObject, opts?: SendOptions) =>
    transport === 'socket'
      ? overSocket('interactive', payload, opts)
      : postForm([['payload', JSON.stringify(payload)]], opts);

  const postEvent = (envelope: JsonObject, opts?: EventSendOptions) =>
    transport === 'socket' ? overSocket('events_api', envelope, opts) : post(JSON.stringify(envelope), 'application/json', opts);

  /** A user id as channel means "in my DM with the app", whose id is a D… conversation. */
  function resolveChannel(channelId: string, userId: string): string {
    if (/^[UW]/.test(channelId)) return standIn.dmChannelFor(channelId === userId ? userId : channelId);
    return standIn.conversation(channelId)?.id ?? channelId;
  }

  function channelNameOf(channelId: string): string {
    const conv = standIn.conversation(channelId);
    if (conv?.is_im || (!conv && channelId.startsWith('D'))) return 'directmessage';
    return conv?.name ?? 'unknown';
  }

  async function command(input: CommandInput): Promise<CommandResult> {
    const channelId = resolveChannel(input.channelId, input.userId);
    const text = input.text ?? '';
    const origin: ResponseUrlOptions = {
      channel: channelId,
      user: input.userId,
      command: text ? `${input.command} ${text}` : input.command,
    };
    const responseUrl = standIn.newResponseUrl(origin);
    const triggerId = standIn.newTriggerId(input.userId);
    // Field order and names as in Slack's signed example body (slack-platform.md §1).
    const fields: [string, string][] = [
      ['token', token],
      ['team_id', teamId],
      ['team_domain', teamDomain],
      ...(enterpriseId
        ? ([
            ['enterprise_id', enterpriseId],
            ['enterprise_name', enterpriseName ?? enterpriseId],
          ] as [string, string][])
        : []),
      ['channel_id', channelId],
      ['channel_name', input.channelName ?? channelNameOf(channelId)],
      ['user_id', input.userId],
      ['user_name', standIn.user(input.userId)?.name ?? input.userId],
      ['command', input.command],
      ['text', text],
      ['api_app_id', apiAppId],
      ['is_enterprise_install', String(orgWide())],
      ['response_url', responseUrl],
      ['trigger_id', triggerId],
    ];
    const result = await postForm(fields, input);
    // Slack shows the immediate answer: text to the invoker, or a message per response_type.
    if (result.status === 200) standIn.applyCommandAck(origin, result.body);
    return { ...result, responseUrl, triggerId };
  }

  function locateSurface(
    input: BlockActionInput,
  ):
    | { kind: 'view'; view: SlackView }
    | { kind: 'message'; channel: string; message: SlackMessage }
    | { kind: 'ephemeral'; channel: string; message: SlackEphemeral } {
    if (input.view !== undefined) {
      const view =
        input.view === 'modal'
          ? standIn.openModal(input.userId)
          : input.view === 'home'
            ? standIn.homeView(input.userId)
            : standIn.viewById(input.view.id)?.view;
      if (!view) throw new Error(`blockAction: no ${JSON.stringify(input.view)} view for ${input.userId}`);
      return { kind: 'view', view };
    }
    if (!input.channelId || !input.messageTs) {
      throw new Error('blockAction needs channelId + messageTs (a message) or view (a modal / Home tab)');
    }
    const channel = resolveChannel(input.channelId, input.userId);
    if (input.ephemeral) {
      const message = standIn
        .ephemeralsFor(input.userId, channel)
        .find((e) => e.message_ts === input.messageTs);
      if (!message)
        throw new Error(`blockAction: no ephemeral ${input.messageTs} for ${input.userId} in ${channel}`);
      return { kind: 'ephemeral', channel, message };
    }
    const message = standIn.messagesIn(channel).find((m) => m.ts === input.messageTs);
    if (!message) throw new Error(`blockAction: no message ${input.messageTs} in ${channel}`);
    return { kind: 'message', channel, message };
  }

  async function blockAction(input: BlockActionInput): Promise<BlockActionResult> {
    const surface = locateSurface(input);
    const blocks = surface.kind === 'view' ? surface.view.blocks : (surface.message.blocks ?? []);
    const found = findElement(blocks, input.actionId, input.blockId);
    const given: UserInput = input.input ?? input.selectedOption ?? input.value ?? null;
    if (!found) {
      throw new Error(
        `blockAction: no element with action_id ${input.actionId} on that ${surface.kind} (stale UI?)`,
      );
    }
    const action: JsonObject = {
      type: found.type,
      action_id: found.actionId,
      block_id: found.blockId,
      action_ts: tsNow(),
    };
    if (found.type === 'button' || found.type === 'workflow_button') {
      action.text = found.element.text ?? null;
      if (typeof found.element.value === 'string') action.value = found.element.value;
      if (typeof found.element.style === 'string') action.style = found.element.style;
    } else if (found.type === 'overflow') {
      const v = typeof given === 'string' ? given : '';
      action.selected_option = stateValue(found.element, 'static_select', v).selected_option ?? null;
    } else {
      Object.assign(action, cloneJson(stateValue(found.element, found.type, given)));
    }

    const triggerId = standIn.newTriggerId(input.userId);
    const payload: JsonObject = {
      type: 'block_actions',
      user: userObj(input.userId),
      api_app_id: apiAppId,
      token,
      trigger_id: triggerId,
      team: team(),
      enterprise: enterpriseObj(),
      is_enterprise_install: orgWide(),
      actions: [action],
    };
    let responseUrl: string | undefined;
    if (surface.kind === 'view') {
      const { view } = surface;
      // The element's new value becomes part of the view's state, as in Slack's client.
      const current = cloneJson(view.state.values);
      if (found.type !== 'button' && found.type !== 'overflow') {
        (current[found.blockId] ??= {})[found.actionId] = stateValue(found.element, found.type, given);
      }
      const values = buildViewState(view.blocks, current, input.inputs);
      standIn.setViewState(view.id, values);
      payload.container = { type: 'view', view_id: view.id };
      payload.view = asJson({ ...view, state: { values } });
    } else {
      const ts = surface.kind === 'ephemeral' ? surface.message.message_ts : surface.message.ts;
      const threadTs = surface.message.thread_ts;
      payload.container = {
        type: 'message',
        message_ts: ts,
        channel_id: surface.channel,
        is_ephemeral: surface.kind === 'ephemeral',
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      payload.channel = { id: surface.channel, name: channelNameOf(surface.channel) };
      if (surface.kind === 'message') {
        const message = asJson(surface.message);
        delete message.channel;
        payload.message = message;
      }
      payload.state = { values: asJson(buildViewState(blocks, {}, input.inputs)) };
      responseUrl = standIn.newResponseUrl({
        channel: surface.channel,
        user: input.userId,
        messageTs: ts,
        isEphemeral: surface.kind === 'ephemeral',
      });
      payload.response_url = responseUrl;
    }
    const result = await postPayload(payload, input);
    return { ...result, triggerId, responseUrl, payload };
  }

  async function viewSubmission(input: ViewSubmissionInput): Promise<ViewSubmissionResult> {
    const stack = standIn.modalStack(input.userId);
    const top = stack[stack.length - 1];
    const view = input.viewId === undefined ? top : stack.find((v) => v.id === input.viewId);
    if (!view)
      throw new Error(
        `viewSubmission: ${input.userId} has no open modal${input.viewId ? ` ${input.viewId}` : ''}`,
      );
    if (view.id !== top.id)
      throw new Error(`viewSubmission: ${view.id} is not the top view (only that one can be submitted)`);

    const values = buildViewState(view.blocks, view.state.values, input.inputs, input.values);
    standIn.setViewState(view.id, values);

    // Slack's client refuses to submit while a required input is empty; the app never hears of it.
    const missing: Record<string, string> = {};
    for (const block of view.blocks) {
      if (block.type !== 'input' || block.optional === true || typeof block.block_id !== 'string') continue;
      const entries = Object.values(values[block.block_id] ?? {});
      if (!entries.some(isFilled)) missing[block.block_id] = 'Please complete this required field.';
    }
    if (Object.keys(missing).length > 0) {
      const outcome = standIn.applyViewSubmissionAck(input.userId, view.id, 200, {
        response_action: 'errors',
        errors: missing,
      });
      return { status: 0, body: '', headers: {}, timedOut: false, sent: false, outcome };
    }

    const triggerId = standIn.newTriggerId(input.userId);
    const payload: JsonObject = {
      type: 'view_submission',
      team: team(),
      user: userObj(input.userId),
      api_app_id: apiAppId,
      token,
      trigger_id: triggerId,
      view: asJson({ ...view, state: { values } }),
      response_urls: [],
      is_enterprise_install: orgWide(),
      enterprise: enterpriseObj(),
    };
    const result = await postPayload(payload, input);
    const outcome = standIn.applyViewSubmissionAck(input.userId, view.id, result.status, result.body);
    return { ...result, sent: true, outcome, payload };
  }

  async function viewClosed(input: ViewClosedInput): Promise<ViewClosedResult> {
    const stack = standIn.modalStack(input.userId);
    const view =
      input.viewId === undefined ? stack[stack.length - 1] : stack.find((v) => v.id === input.viewId);
    if (!view) throw new Error(`viewClosed: ${input.userId} has no open modal`);
    // The modal disappears when the user closes it, whatever the app answers.
    standIn.closeView(input.userId, view.id, { clearAll: input.isCleared });
    if (!view.notify_on_close) return { sent: false };
    const payload: JsonObject = {
      type: 'view_closed',
      team: team(),
      user: userObj(input.userId),
      api_app_id: apiAppId,
      token,
      view: asJson(view),
      is_cleared: input.isCleared ?? false,
      is_enterprise_install: orgWide(),
      enterprise: enterpriseObj(),
    };
    return { sent: true, result: await postPayload(payload, input) };
  }

  async function event(ev: EventInput, opts: EventSendOptions = {}): Promise<EventResult> {
    let inner: JsonObject;
    if (ev.type === 'app_home_opened') {
      const user = typeof ev.user === 'string' ? ev.user : '';
      const tab = ev.tab === 'messages' ? 'messages' : 'home';
      const home = standIn.homeView(user);
      inner = {
        type: 'app_home_opened',
        user,
        channel: standIn.dmChannelFor(user),
        tab,
        event_ts: tsNow(),
        // `view` is present only once a Home view was published (api.slack.com/events/app_home_opened).
        ...(tab === 'home' && home ? { view: asJson(home) } : {}),
      };
    } else {
      const copy = cloneJson(ev) as unknown;
      inner = isJsonObject(copy) ? copy : { type: ev.type };
      inner.event_ts ??= tsNow();
    }
    const eventId = opts.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
    const org = orgWide();
    const envelope: JsonObject = {
      token,
      team_id: teamId,
      ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
      context_team_id: teamId,
      context_enterprise_id: enterpriseId,
      api_app_id: apiAppId,
      event: inner,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(now() / 1000),
      // Who the event is for: the bot of the installation (org-wide: the org, no team).
      authorizations: [
        {
          enterprise_id: enterpriseId,
          team_id: org ? null : teamId,
          user_id: standIn.botUserId,
          is_bot: true,
          is_enterprise_install: org,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(JSON.stringify({ et: inner.type, tid: teamId, aid: apiAppId })).toString('base64')}`,
    };
    const result = await postEvent(envelope, opts);
    return { ...result, eventId, envelope };
  }

  async function shortcutPayload(
    input: SendOptions & { userId: string; callbackId: string },
    type: 'message_action' | 'shortcut',
  ): Promise<{ payload: JsonObject; triggerId: string }> {
    const triggerId = standIn.newTriggerId(input.userId);
    const user = userObj(input.userId);
    const payload: JsonObject = {
      type,
      token,
      action_ts: tsNow(),
      team: team(),
      user: type === 'shortcut' ? { id: user.id, username: user.username, team_id: user.team_id } : user,
      is_enterprise_install: orgWide(),
      enterprise: enterpriseObj(),
      callback_id: input.callbackId,
      trigger_id: triggerId,
    };
    return { payload, triggerId };
  }

  async function messageShortcut(input: MessageShortcutInput): Promise<ShortcutResult> {
    const channel = resolveChannel(input.channelId, input.userId);
    const message = standIn.messagesIn(channel).find((m) => m.ts === input.messageTs);
    if (!message) throw new Error(`messageShortcut: no message ${input.messageTs} in ${channel}`);
    const { payload, triggerId } = await shortcutPayload(input, 'message_action');
    const responseUrl = standIn.newResponseUrl({ channel, user: input.userId });
    const copy = asJson(message);
    delete copy.channel;
    Object.assign(payload, {
      channel: { id: channel, name: channelNameOf(channel) },
      response_url: responseUrl,
      message_ts: message.ts,
      message: copy,
    });
    const result = await postPayload(payload, input);
    return { ...result, triggerId, responseUrl, payload };
  }

  async function globalShortcut(input: GlobalShortcutInput): Promise<ShortcutResult> {
    const { payload, triggerId } = await shortcutPayload(input, 'shortcut');
    const result = await postPayload(payload, input);
    return { ...result, triggerId, payload };
  }

  async function functionExecuted(input: FunctionExecutedInput): Promise<FunctionExecutedResult> {
    const inputs = input.inputs ?? input.execution?.inputs ?? {};
    const execution =
      input.execution ??
      root.startFunctionExecution({ teamId, callbackId: input.callbackId, inputs, outputParameters: input.outputParameters });
    const param = (p: FunctionParameter): JsonObject => ({
      type: p.type,
      name: p.name,
      title: p.title ?? p.name,
      description: p.description ?? '',
      is_required: p.is_required ?? false,
    });
    const created = Math.floor(now() / 1000);
    const inner: JsonObject = {
      type: 'function_executed',
      function: {
        id: execution.function_id,
        callback_id: input.callbackId,
        title: input.title ?? input.callbackId,
        description: '',
        type: 'app',
        input_parameters: (input.inputParameters ?? Object.keys(inputs).map((name) => ({ name, type: 'string' }))).map(param),
        output_parameters: (input.outputParameters ?? []).map(param),
        app_id: apiAppId,
        date_created: created,
        date_updated: created,
        date_deleted: 0,
      },
      inputs: cloneJson(inputs),
      function_execution_id: execution.function_execution_id,
      workflow_execution_id: execution.workflow_execution_id,
      event_ts: tsNow(),
      bot_access_token: execution.bot_access_token,
    };
    const result = await event(inner as EventInput, input);
    return { ...result, execution };
  }

  const appUninstalled = (opts?: EventSendOptions) => event({ type: 'app_uninstalled' }, opts);

  const tokensRevoked = (tokens: { oauth?: string[]; bot?: string[] }, opts?: EventSendOptions) =>
    event({ type: 'tokens_revoked', tokens: { oauth: tokens.oauth ?? [], bot: tokens.bot ?? [] } }, opts);

  async function uninstall(input: UninstallInput = {}): Promise<UninstallResult> {
    const key = installationKey();
    if (!key) throw new Error(`uninstall: the app is not installed in ${teamId}`);
    const before = root.installation(key);
    const installation = root.uninstall(key, input.answer);
    const results: EventResult[] = [];
    for (const type of input.events ?? ['app_uninstalled', 'tokens_revoked']) {
      results.push(
        type === 'app_uninstalled'
          ? await appUninstalled(input)
          : await tokensRevoked(
              {
                oauth: Object.keys(before?.userTokens ?? {}),
                bot: before?.botToken ? [before.botUserId] : [],
              },
              input,
            ),
      );
    }
    return { installation, results };
  }

  async function urlVerification(opts: SendOptions = {}) {
    const challenge = randomBytes(24).toString('base64url');
    const result = await post(
      JSON.stringify({ token, challenge, type: 'url_verification' }),
      'application/json',
      opts,
    );
    return { ...result, challenge };
  }

  return {
    command,
    blockAction,
    viewSubmission,
    viewClosed,
    event,
    urlVerification,
    messageShortcut,
    globalShortcut,
    functionExecuted,
    appUninstalled,
    tokensRevoked,
    uninstall,
    raw: (body, contentType, opts) => post(body, contentType, opts),
  };
}
