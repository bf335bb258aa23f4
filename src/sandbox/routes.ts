/**
 * The sandbox's HTTP routes, served on the app's own port (runtime `extraRoutes`): the page, its state,
 * its live updates, and what a person does in it. Everything a person does reaches the app the way
 * Slack would send it: signed requests to /slack/events, through the signed sender (slack-client).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { createStaticFiles } from './files';
import { pageMissingHtml } from './files';
import type { LiveUpdates } from './live';
import { stepInputs, type ManifestOffers } from './manifest';
import type { ActionAnswer, ClockStep, SandboxState } from './protocol';
import type { SlackStandIn } from './slack-api';
import type { AddressCheck } from './same-origin';
import type { SendResult, SlackSender } from './slack-client';
import type { StartedRun } from './view-model';

export interface ActiveSandbox {
  standIn: SlackStandIn;
  slack: SlackSender;
  /** The shortcuts and workflow steps manifest.json declares. */
  offers: ManifestOffers;
  /** Remembers a workflow step run started from the page (or updates it), and tells the pages. */
  recordRun(run: StartedRun): void;
  /** A person by user id or handle (`ana`); the leader when none is asked for. */
  person(wanted: string | null): string | undefined;
  /** `ephemeralsSince`: the page's `?ephemerals=` mark (protocol.ts, SandboxState.ephemerals). */
  state(me: string, ephemeralsSince: string | null): SandboxState;
  moveClock(as: string, step: ClockStep): Promise<number>;
}

export interface RouteDeps {
  /** The running sandbox; undefined while it restarts (reset). */
  active(): ActiveSandbox | undefined;
  reset(): Promise<void>;
  live: LiveUpdates;
  files: ReturnType<typeof createStaticFiles>;
  log: Logger;
  /** Refuses requests not meant for this sandbox (Host, and Origin on POSTs): see same-origin.ts. */
  checkAddress: AddressCheck;
}

const API = '/sandbox/api/';
const MAX_BODY = 256 * 1024;

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/);
const id = z.string().min(1).max(64);
/**
 * The page stops a draft over Slack's 4,000 characters before sending (web/src/composer.ts); what it
 * sends is escaped (`&` → `&amp;`, `@ana` → `<@U…|ana>`), so the cap here leaves room for that.
 */
const SENT_TEXT_MAX = 20_000;
const inputValue = z.union([z.string().max(SENT_TEXT_MAX), z.array(z.string().max(200)).max(100), z.null()]);
const inputs = z.record(z.string().max(300), inputValue);

const Bodies = {
  command: z.object({
    as: userId,
    channel: id,
    command: z.string().regex(/^\/[a-z0-9_-]{1,32}$/),
    text: z.string().max(SENT_TEXT_MAX),
  }),
  message: z.object({ as: userId, channel: id, text: z.string().min(1).max(SENT_TEXT_MAX) }),
  action: z.object({
    as: userId,
    actionId: z.string().max(255),
    blockId: z.string().max(255),
    container: z.discriminatedUnion('type', [
      z.object({ type: z.literal('message'), channel: id, ts: id, ephemeral: z.boolean() }),
      z.object({ type: z.literal('view'), viewId: id }),
    ]),
    value: inputValue,
    inputs: inputs.optional(),
  }),
  submit: z.object({ as: userId, viewId: id, inputs }),
  close: z.object({ as: userId, viewId: id }),
  'home-opened': z.object({ as: userId, tab: z.enum(['home', 'messages']) }),
  clock: z.object({ as: userId, step: z.enum(['hour', 'day', 'morning']) }),
  'message-shortcut': z.object({ as: userId, callbackId: z.string().min(1).max(255), channel: id, ts: id }),
  'global-shortcut': z.object({ as: userId, callbackId: z.string().min(1).max(255) }),
  'run-step': z.object({
    as: userId,
    callbackId: z.string().min(1).max(255),
    inputs: z.record(z.string().max(255), z.string().max(SENT_TEXT_MAX)),
  }),
  reset: z.object({}).loose(),
};
type Route = keyof typeof Bodies;
type Body<R extends Route> = z.infer<(typeof Bodies)[R]>;

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function createRoutes(deps: RouteDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const { pathname } = url;
    // Before anything is read or done: the page, its state and live updates hold everyone's messages.
    const refused = deps.checkAddress(req);
    if (refused !== undefined) {
      deps.log.warn(
        { path: pathname, method: req.method },
        'sandbox refused a request for another address or origin',
      );
      if (pathname.startsWith(API)) json(res, 403, { ok: false, error: refused });
      else
        res
          .writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
          .end(refused);
      return true;
    }
    if (pathname === `${API}events` && req.method === 'GET') {
      deps.live.attach(req, res);
      return true;
    }
    if (pathname === `${API}state` && req.method === 'GET') {
      const sandbox = deps.active();
      if (!sandbox) return restarting(res);
      const wanted = url.searchParams.get('as');
      const as = sandbox.person(wanted);
      if (!as) {
        json(res, 404, { ok: false, error: `No person ${wanted ?? ''} in this sandbox` });
        return true;
      }
      json(res, 200, sandbox.state(as, url.searchParams.get('ephemerals')));
      return true;
    }
    // an uploaded picture an image block shows by `slack_file` (the Home chart): its bytes, as Slack serves it
    const fileMatch = /^\/sandbox\/api\/files\/(F[A-Z0-9]+)$/.exec(pathname);
    if (fileMatch && req.method === 'GET') {
      const file = deps.active()?.standIn.file(fileMatch[1]);
      if (!file?.bytes || !file.completed || !file.mimetype.startsWith('image/')) {
        json(res, 404, { ok: false, error: 'file_not_found' });
        return true;
      }
      res
        .writeHead(200, {
          'Content-Type': file.mimetype,
          'Content-Length': file.bytes.length,
          'Cache-Control': 'private, max-age=86400',
        })
        .end(file.bytes);
      return true;
    }
    if (pathname.startsWith(API)) {
      const route = pathname.slice(API.length);
      if (req.method !== 'POST' || !(route in Bodies)) {
        json(res, 404, { ok: false, error: 'not_found' });
        return true;
      }
      handlePost(deps, route as Route, req, res).catch((err: unknown) => {
        const status = err instanceof BadRequest ? err.status : 500;
        if (status === 500) deps.log.error({ err, route }, 'sandbox request failed');
        if (!res.headersSent)
          json(res, status, { ok: false, error: err instanceof Error ? err.message : String(err) });
        else res.end();
      });
      return true;
    }
    if (deps.files.serve(req, res, pathname)) return true;
    if (pathname === '/' && req.method === 'GET') {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(pageMissingHtml(deps.files.root));
      return true;
    }
    return false;
  };
}

function restarting(res: ServerResponse): true {
  json(res, 503, { ok: false, error: 'The sandbox is restarting' });
  return true;
}

async function handlePost(
  deps: RouteDeps,
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // JSON only (a form on another site cannot send that without CORS, which we never grant), and from
  // this page: Host and Origin were checked in createRoutes.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
    throw new BadRequest('Send JSON', 415);
  const raw = await readBody(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw || '{}');
  } catch {
    throw new BadRequest('The body is not JSON');
  }
  const body = Bodies[route].safeParse(parsed);
  if (!body.success) {
    // The details are for whoever debugs the page; a person gets a sentence.
    deps.log.warn(
      { route, issues: body.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) },
      'sandbox request refused',
    );
    throw new BadRequest(refusalOf(route, body.error));
  }

  if (route === 'reset') {
    json(res, 202, { ok: true } satisfies ActionAnswer);
    // The server stops during a reset, so answer first; the page reconnects when it is back.
    deps
      .reset()
      .catch((err: unknown) => deps.log.error({ err }, 'the sandbox could not restart after a reset'));
    return;
  }
  const sandbox = deps.active();
  if (!sandbox) {
    restarting(res);
    return;
  }
  const person = sandbox.standIn.user((body.data as { as: string }).as);
  if (!person || person.is_bot) throw new BadRequest('No such person in this sandbox', 404);
  const answer = await perform(sandbox, route, body.data);
  json(res, 200, answer);
}

async function perform(
  sandbox: ActiveSandbox,
  route: Exclude<Route, 'reset'>,
  data: unknown,
): Promise<ActionAnswer> {
  const { standIn, slack } = sandbox;
  switch (route) {
    case 'command': {
      const b = data as Body<'command'>;
      canPost(standIn, b.as, b.channel);
      const r = await slack.command({ command: b.command, text: b.text, userId: b.as, channelId: b.channel });
      return answerOf(r, `${b.command} failed with the error`);
    }
    case 'message': {
      const b = data as Body<'message'>;
      canPost(standIn, b.as, b.channel);
      // manifest.json: messages_tab_read_only_enabled — Slack's client offers slash commands only there.
      if (standIn.conversation(b.channel)?.is_im)
        return { ok: false, error: 'Sending messages to this app has been turned off.' };
      standIn.postUserMessage({ channel: b.channel, user: b.as, text: b.text });
      return { ok: true };
    }
    case 'action': {
      const b = data as Body<'action'>;
      const where =
        b.container.type === 'view'
          ? { view: { id: b.container.viewId } }
          : { channelId: b.container.channel, messageTs: b.container.ts, ephemeral: b.container.ephemeral };
      try {
        const r = await slack.blockAction({
          userId: b.as,
          actionId: b.actionId,
          blockId: b.blockId,
          ...where,
          ...(b.value !== null ? { input: b.value } : {}),
          ...(b.inputs ? { inputs: b.inputs } : {}),
        });
        return answerOf(r, 'Trustloop did not respond:');
      } catch (err) {
        // The sender refuses clicks on elements that are gone (a message updated meanwhile).
        throw new BadRequest(err instanceof Error ? err.message : String(err), 409);
      }
    }
    case 'submit': {
      const b = data as Body<'submit'>;
      try {
        const r = await slack.viewSubmission({ userId: b.as, viewId: b.viewId, inputs: b.inputs });
        return r.sent ? answerOf(r, 'We had some trouble connecting:') : { ok: true };
      } catch (err) {
        throw new BadRequest(err instanceof Error ? err.message : String(err), 409);
      }
    }
    case 'close': {
      const b = data as Body<'close'>;
      if (!standIn.modalStack(b.as).some((v) => v.id === b.viewId)) return { ok: true };
      const r = await slack.viewClosed({ userId: b.as, viewId: b.viewId });
      return r.result ? answerOf(r.result, 'Trustloop did not respond:') : { ok: true };
    }
    case 'home-opened': {
      const b = data as Body<'home-opened'>;
      const r = await slack.event({ type: 'app_home_opened', user: b.as, tab: b.tab });
      return answerOf(r, 'Trustloop did not respond:');
    }
    case 'clock': {
      const b = data as Body<'clock'>;
      return { ok: true, now: await sandbox.moveClock(b.as, b.step) };
    }
    case 'message-shortcut': {
      const b = data as Body<'message-shortcut'>;
      shortcutOf(sandbox, 'message', b.callbackId);
      canRead(standIn, b.as, b.channel);
      try {
        const r = await slack.messageShortcut({
          userId: b.as,
          callbackId: b.callbackId,
          channelId: b.channel,
          messageTs: b.ts,
        });
        return answerOf(r, 'Trustloop did not respond:');
      } catch (err) {
        // The message is gone (deleted meanwhile).
        throw new BadRequest(err instanceof Error ? err.message : String(err), 409);
      }
    }
    case 'global-shortcut': {
      const b = data as Body<'global-shortcut'>;
      shortcutOf(sandbox, 'global', b.callbackId);
      const r = await slack.globalShortcut({ userId: b.as, callbackId: b.callbackId });
      return answerOf(r, 'Trustloop did not respond:');
    }
    case 'run-step': {
      const b = data as Body<'run-step'>;
      const step = sandbox.offers.steps.find((s) => s.callbackId === b.callbackId);
      if (!step) throw new BadRequest(`Trustloop has no workflow step ${b.callbackId}`, 404);
      const inputs = stepInputs(step, b.inputs);
      if (!inputs.ok) return { ok: false, error: inputs.error };
      const param = (p: (typeof step.inputs)[number]) => ({
        name: p.name,
        type: p.type,
        title: p.title,
        description: p.description,
        is_required: p.isRequired,
      });
      // Started first, so the panel shows it running while the app handles the event.
      const execution = standIn.startFunctionExecution({
        teamId: standIn.teamId,
        callbackId: step.callbackId,
        inputs: inputs.inputs,
        outputParameters: step.outputs.map(param),
      });
      const functionExecutionId = execution.function_execution_id;
      sandbox.recordRun({ functionExecutionId, by: b.as });
      const r = await slack.functionExecuted({
        callbackId: step.callbackId,
        title: step.title,
        inputs: inputs.inputs,
        inputParameters: step.inputs.map(param),
        outputParameters: step.outputs.map(param),
        execution,
      });
      const answer = answerOf(r, 'Trustloop did not respond:');
      // Slack would retry the event; the panel says the app did not take it (the run stays running).
      if (answer.error) sandbox.recordRun({ functionExecutionId, by: b.as, delivery: answer.error });
      return { ...answer, functionExecutionId };
    }
  }
}

/** What a person reads when the page sent something the sandbox does not take (never zod's own text). */
export function refusalOf(route: string, error: z.ZodError): string {
  const tooBig = error.issues.some((i) => i.code === 'too_big');
  if (tooBig && (route === 'command' || route === 'message')) {
    return 'That is too long to send in one go: Slack takes at most 4,000 characters. Shorten it, or link a doc for the details.';
  }
  if (tooBig) return 'Something in that form is too long to send. Shorten the longest field and try again.';
  return 'The sandbox could not read that request. Reload the page and try again.';
}

/** A person can type in channels they are in, and in their own DM with the app. */
function canPost(standIn: SlackStandIn, as: string, channel: string): void {
  const conv = standIn.conversation(channel);
  const allowed = conv && (conv.is_im ? conv.user === as : conv.members.includes(as) && !conv.is_archived);
  if (!allowed) throw new BadRequest(`You can't post in ${channel}`, 403);
}

/** Only what manifest.json declares is offered (Slack's client offers nothing else). */
function shortcutOf(sandbox: ActiveSandbox, type: 'message' | 'global', callbackId: string): void {
  if (!sandbox.offers.shortcuts.some((s) => s.type === type && s.callbackId === callbackId)) {
    throw new BadRequest(`Trustloop has no ${type} shortcut ${callbackId}`, 404);
  }
}

/** A person sees messages in channels they are in and in their own DM with the app. */
function canRead(standIn: SlackStandIn, as: string, channel: string): void {
  const conv = standIn.conversation(channel);
  const allowed = conv && (conv.is_im ? conv.user === as : conv.members.includes(as));
  if (!allowed) throw new BadRequest(`You can't see ${channel}`, 403);
}

/** What Slack's client shows when the app did not answer with 200 in time. */
function answerOf(r: SendResult, prefix: string): ActionAnswer {
  if (r.status === 200) return { ok: true };
  const why = r.timedOut
    ? 'operation_timeout'
    : r.status === 0
      ? 'dispatch_failed'
      : `http_error_${r.status}`;
  return { ok: false, error: `${prefix} "${why}"` };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new BadRequest('The request is too large', 413);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
