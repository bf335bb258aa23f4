import type { KnownBlock } from '@slack/types';

/** What a view function returns for a message: Slack needs `text` as the notification fallback. */
export interface MessageView {
  text: string;
  blocks: KnownBlock[];
}

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (...texts: string[]): KnownBlock => ({
  type: 'context',
  elements: texts.map((t) => ({ type: 'mrkdwn' as const, text: t })),
});
export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text, emoji: true },
});
export const divider = (): KnownBlock => ({ type: 'divider' });

/** A Block Kit button: what it says, the action it starts, the value that action reads. */
export const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});

/** A plain reply (errors, usage): one section, same text as the fallback. */
export function notice(text: string): MessageView {
  return { text, blocks: [section(text)] };
}

/** Added to a channel message that went to the people involved by DM instead. */
export const unreachableChannelNote = (channelId: string): KnownBlock =>
  context(
    `I couldn’t post this in <#${channelId}> — I’m not a member there. Invite me with \`/invite @Trustloop\` and I’ll celebrate in the channel next time.`,
  );

/**
 * A message whose action is done: its buttons give way to one status line ("✅ Accepted Tue 1 Dec,
 * 10:04"), so nothing stays live after use. The rest of the message stays as it was.
 */
export function withStatus(view: MessageView, status: string, keep: readonly string[] = []): MessageView {
  const blocks: KnownBlock[] = [];
  for (const b of view.blocks) {
    if (b.type !== 'actions') {
      blocks.push(b);
      continue;
    }
    // an action that is still possible keeps its button (Ask for a change after Accept)
    const live = b.elements.filter(
      (e) => 'action_id' in e && typeof e.action_id === 'string' && keep.includes(e.action_id),
    );
    if (live.length > 0) blocks.push({ ...b, elements: live });
  }
  return { text: view.text, blocks: [...blocks, context(status)] };
}
