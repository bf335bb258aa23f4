/**
 * The test-facing side of one workspace: observation (copies, never live state), setup, and the
 * platform-side helpers the signed sender uses. The stand-in itself is the view of its first workspace.
 */
import { cloneJson } from './json';
import { applyCommandAck } from './responseUrl';
import type {
  MessageUpdate,
  ResponseUrlOptions,
  SeedChannel,
  SeedUser,
  SlackConversation,
  SlackEphemeral,
  SlackMessage,
  SlackUser,
  SlackView,
  SlackWorkspace,
  StoredFile,
  ViewStateValues,
  ViewSubmissionOutcome,
} from './types';
import type { Workspace } from './workspace';

/** `https://<domain>.slack.com/archives/C…/p<ts without the dot>`, with `thread_ts` for replies. */
export function permalinkFor(ws: Workspace, channel: string, ts: string): string {
  const base = `https://${ws.cfg.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  const message = ws.findMessage(channel, ts);
  if (message?.thread_ts && message.thread_ts !== ts) {
    return `${base}?thread_ts=${message.thread_ts}&cid=${channel}`;
  }
  return base;
}

export class WorkspaceView implements SlackWorkspace {
  constructor(
    readonly ws: Workspace,
    private readonly baseUrl: () => string,
  ) {}

  get teamId(): string {
    return this.ws.cfg.teamId;
  }
  get teamDomain(): string {
    return this.ws.cfg.teamDomain;
  }
  get teamName(): string {
    return this.ws.cfg.teamName;
  }
  get enterpriseId(): string | null {
    return this.ws.cfg.enterpriseId;
  }
  get enterpriseName(): string | null {
    return this.ws.cfg.enterpriseName;
  }
  get botUserId(): string {
    return this.ws.cfg.botUserId;
  }
  get botId(): string {
    return this.ws.cfg.botId;
  }
  get appId(): string {
    return this.ws.cfg.appId;
  }

  // ---------------------------------------------------------------- observation

  conversation(idOrUser: string): SlackConversation | undefined {
    const conv =
      this.ws.conversations.get(idOrUser) ?? (/^[UW]/.test(idOrUser) ? this.ws.findDm(idOrUser) : undefined);
    return conv ? cloneJson(conv) : undefined;
  }

  messagesIn(channelOrUserId: string): SlackMessage[] {
    const conv = this.conversation(channelOrUserId);
    return cloneJson(this.ws.messages.get(conv?.id ?? channelOrUserId) ?? []);
  }

  dmsTo(userId: string): SlackMessage[] {
    const dm = this.ws.findDm(userId);
    return dm ? cloneJson(this.ws.messages.get(dm.id) ?? []) : [];
  }

  ephemeralsFor(userId: string, channel?: string): SlackEphemeral[] {
    const channelId = channel === undefined ? undefined : (this.conversation(channel)?.id ?? channel);
    return cloneJson(
      this.ws.ephemerals.filter(
        (e) => e.user === userId && (channelId === undefined || e.channel === channelId),
      ),
    );
  }

  homeView(userId: string): SlackView | undefined {
    const v = this.ws.homes.get(userId);
    return v ? cloneJson(v) : undefined;
  }

  openModal(userId: string): SlackView | undefined {
    const stack = this.ws.modals.get(userId);
    const top = stack?.[stack.length - 1];
    return top ? cloneJson(top) : undefined;
  }

  modalStack(userId: string): SlackView[] {
    return cloneJson(this.ws.modals.get(userId) ?? []);
  }

  viewById(viewId: string): { view: SlackView; user: string } | undefined {
    const found = this.ws.locateView({ viewId });
    return found ? { view: cloneJson(found.view), user: found.user } : undefined;
  }

  viewErrors(viewId: string): Record<string, string> | undefined {
    const e = this.ws.viewErrors.get(viewId);
    return e ? { ...e } : undefined;
  }

  user(userId: string): SlackUser | undefined {
    const u = this.ws.users.get(userId);
    return u ? cloneJson(u) : undefined;
  }

  messageUpdates(channel?: string, ts?: string): MessageUpdate[] {
    const channelId = channel === undefined ? undefined : (this.conversation(channel)?.id ?? channel);
    return cloneJson(
      this.ws.updates.filter(
        (u) => (channelId === undefined || u.channel === channelId) && (ts === undefined || u.ts === ts),
      ),
    );
  }

  files(): StoredFile[] {
    return [...this.ws.files.values()].map(copyFile);
  }

  file(fileId: string): StoredFile | undefined {
    const f = this.ws.files.get(fileId);
    return f ? copyFile(f) : undefined;
  }

  permalink(channel: string, ts: string): string {
    const conv = this.ws.resolveChannel(channel, { userIdMeansDm: true });
    return permalinkFor(this.ws, conv?.id ?? channel, ts);
  }

  // ---------------------------------------------------------------- setup

  addUser(user: SeedUser): SlackUser {
    return cloneJson(this.ws.addUser(user));
  }

  updateUser(userId: string, patch: Partial<Omit<SeedUser, 'id'>>): SlackUser {
    const updated = this.ws.updateUser(userId, patch);
    if (!updated) throw new Error(`updateUser: no user ${userId} in ${this.teamId}`);
    return cloneJson(updated);
  }

  addChannel(channel: SeedChannel): SlackConversation {
    return cloneJson(this.ws.addChannel(channel));
  }

  postUserMessage(args: { channel: string; user: string; text: string; thread_ts?: string }): SlackMessage {
    return cloneJson(this.ws.postUserMessage(args));
  }

  // ---------------------------------------------------------------- platform side

  dmChannelFor(userId: string): string {
    return this.ws.dmWith(userId).id;
  }

  newTriggerId(userId: string): string {
    return this.ws.newTrigger(userId);
  }

  newResponseUrl(opts: ResponseUrlOptions): string {
    const record = this.ws.newResponseUrl(opts);
    return `${this.baseUrl()}/response/${record.id}`;
  }

  applyCommandAck(opts: ResponseUrlOptions, body: unknown): void {
    applyCommandAck(this.ws, opts, body);
  }

  setViewState(viewId: string, values: ViewStateValues): void {
    this.ws.setViewState(viewId, values);
  }

  applyViewSubmissionAck(
    userId: string,
    viewId: string,
    status: number,
    body: unknown,
  ): ViewSubmissionOutcome {
    return this.ws.applyViewSubmissionAck(userId, viewId, status, body);
  }

  closeView(userId: string, viewId: string, opts: { clearAll?: boolean } = {}): void {
    this.ws.closeView(userId, viewId, { clearAll: opts.clearAll, reason: 'closed' });
  }
}

/** structuredClone keeps Buffers as Uint8Array; tests want a Buffer back. */
function copyFile(f: StoredFile): StoredFile {
  const { bytes, ...rest } = f;
  return { ...cloneJson(rest), ...(bytes ? { bytes: Buffer.from(bytes) } : {}) };
}
