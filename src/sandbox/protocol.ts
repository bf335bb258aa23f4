/**
 * What the sandbox page and the sandbox server say to each other (JSON over `/sandbox/api/*`, change
 * notices over Server-Sent Events). Types only, with no imports: the page (src/sandbox/web, a browser
 * build) imports this file too.
 *
 * Slack objects (messages, views) are passed through exactly as the stand-in stores them, in Slack's own
 * wire shapes, so the page renders what a Slack client would receive. The shapes below are the parts
 * the page reads; view-model.ts assigns the stand-in's own types to them, so the compiler keeps both in step.
 */
type Json = Record<string, unknown>;

export interface SlackMessage {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  user?: string;
  bot_id?: string;
  blocks?: Json[];
  thread_ts?: string;
  edited?: { user: string; ts: string };
  reactions?: { name: string; users: string[]; count: number }[];
}

export interface SlackEphemeral {
  message_ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
  bot_id?: string;
}

export interface SlackView {
  id: string;
  type: 'modal' | 'home';
  title?: Json | null;
  submit?: Json | null;
  close?: Json | null;
  blocks: Json[];
  callback_id: string;
  hash: string;
}

export interface SandboxPerson {
  id: string;
  /** Slack handle (`ana`), what `@` mentions complete. */
  name: string;
  realName: string;
  /** A few words for the switcher ("Team lead"). */
  title: string;
  tz: string;
  isBot: boolean;
}

export interface SandboxChannel {
  id: string;
  name: string;
  members: string[];
  topic: string;
}

export interface SandboxCommand {
  /** `/delegate` */
  command: string;
  description: string;
  usageHint: string;
  /** Slack's `should_escape`: mentions reach the app as `<@U…|name>`. */
  shouldEscape: boolean;
}

export interface SandboxModal {
  view: SlackView;
  /** Errors under fields (by block_id), as the app answered them; `''` is a banner over the whole modal. */
  errors: Record<string, string>;
  /** How many modals are stacked (views.push). */
  depth: number;
}

/** Everything one person sees, sent whole on every change (a sandbox holds a few hundred messages at most). */
export interface SandboxState {
  /** Increases on every change; the page ignores answers older than what it shows. */
  version: number;
  /** Sandbox business time (ms since epoch): the app's clock, which the clock control moves. */
  now: number;
  /** How far sandbox time is ahead of real time (ms). */
  clockOffsetMs: number;
  team: { id: string; name: string };
  bot: { id: string; name: string };
  me: string;
  people: SandboxPerson[];
  channels: SandboxChannel[];
  /** The acting person's DM with the app (its Messages tab). */
  appDm: string;
  /** Messages per conversation the acting person can see (their channels and their app DM), oldest first. */
  messages: Record<string, SlackMessage[]>;
  /**
   * Ephemeral messages only the acting person sees. As in Slack they live only as long as the page that
   * saw them arrive: a page asks with `?ephemerals=<mark>` (first `now`, then the mark it was given) and
   * gets the ones posted since it opened; a reload starts from `now`, so earlier ones are gone. They are
   * never saved in DATA_DIR either. Without the parameter, every ephemeral the server still holds.
   */
  ephemerals: SlackEphemeral[];
  /** What to send as `?ephemerals=` next time to keep seeing these and whatever comes after. */
  ephemeralsMark: string;
  /** The app's Home tab for the acting person, once the app published one. */
  home: SlackView | null;
  /** The modal on top of the acting person's stack. */
  modal: SandboxModal | null;
  /** Latest message ts in each person's app DM (the page marks people with news). */
  dmLatest: Record<string, string>;
  commands: SandboxCommand[];
  /** The app's shortcuts (manifest.json `features.shortcuts`): message ones on each message's "⋯" menu, global ones in the composer. */
  shortcuts: SandboxShortcut[];
  /** The app's workflow steps (manifest.json `functions`), for the Workflow steps panel. */
  steps: SandboxStep[];
  /** Workflow step runs started from this page (since the sandbox started), newest first. */
  runs: SandboxRun[];
}

export interface SandboxShortcut {
  /** `message`: on a message's "⋯" menu (`message_action`); `global`: the shortcuts menu (`shortcut`). */
  type: 'message' | 'global';
  callbackId: string;
  name: string;
  description: string;
}

/** One parameter of a workflow step, as manifest.json declares it. */
export interface SandboxStepParameter {
  name: string;
  /** `string`, `number`, `integer`, `boolean`, `slack#/types/user_id`, `slack#/types/timestamp`… */
  type: string;
  title: string;
  description: string;
  hint?: string;
  isRequired: boolean;
  enum?: string[];
  maxLength?: number;
}

export interface SandboxStep {
  /** The function's callback_id (its key in manifest.json `functions`). */
  callbackId: string;
  title: string;
  description: string;
  inputs: SandboxStepParameter[];
  outputs: SandboxStepParameter[];
}

export interface SandboxRun {
  functionExecutionId: string;
  callbackId: string;
  /** Who ran it from the page. */
  by: string;
  inputs: Record<string, unknown>;
  state: 'running' | 'completed' | 'failed';
  /** As the app completed it (functions.completeSuccess). */
  outputs?: Record<string, unknown>;
  /** As the app failed it (functions.completeError). */
  error?: string;
  /** Set when the app did not accept the function_executed event (Slack retries; the sandbox says so). */
  delivery?: string;
}

export type ClockStep = 'hour' | 'day' | 'morning';

export type InputValue = string | string[] | null;

export interface ActionAnswer {
  ok: boolean;
  /** e.g. `/delegate failed with the error "operation_timeout"` (Slack's own wording). */
  error?: string;
  /** After a clock move: the new sandbox time. */
  now?: number;
  /** After running a workflow step: its run. */
  functionExecutionId?: string;
}
