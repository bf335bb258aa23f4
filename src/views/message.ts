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

/** A plain reply (errors, usage): one section, same text as the fallback. */
export function notice(text: string): MessageView {
  return { text, blocks: [section(text)] };
}

/** Added to a channel message that went to the people involved by DM instead. */
export const unreachableChannelNote = (channelId: string): KnownBlock =>
  context(
    `I couldn’t post this in <#${channelId}> — I’m not a member there. Invite me with \`/invite @Trustloop\` and I’ll celebrate in the channel next time.`,
  );
