/** A channel or the app DM: messages and the acting person's ephemeral messages, in order, grouped like Slack. */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SandboxState, SlackEphemeral, SlackMessage } from '../../../protocol';
import { clockTime, dayKey, dayLabel } from '../blocks/dates';
import { renderBlocks, renderMrkdwn, type BlockAction } from '../blocks/render';
import { Avatar } from './avatar';
import { ActionsMenu, MoreIcon } from './menu';
import { renderContext } from './render-context';

interface Item {
  ts: string;
  ms: number;
  author: string;
  ephemeral: boolean;
  text: string;
  blocks: unknown[] | undefined;
  edited: boolean;
  /** Set on replies: the ts of the thread's first message. */
  parent: string | undefined;
}

const GROUP_MS = 5 * 60 * 1000;

const parentOf = (ts: string, threadTs: string | undefined) =>
  threadTs && threadTs !== ts ? threadTs : undefined;

function items(state: SandboxState, channel: string): Item[] {
  const messages: Item[] = (state.messages[channel] ?? []).map((m: SlackMessage) => ({
    ts: m.ts,
    ms: Number(m.ts) * 1000,
    author: m.user ?? state.bot.id,
    ephemeral: false,
    text: m.text,
    blocks: m.blocks,
    edited: Boolean(m.edited),
    parent: parentOf(m.ts, m.thread_ts),
  }));
  const ephemerals: Item[] = state.ephemerals
    .filter((e: SlackEphemeral) => e.channel === channel)
    .map((e) => ({
      ts: e.message_ts,
      ms: Number(e.message_ts) * 1000,
      author: state.bot.id,
      ephemeral: true,
      text: e.text,
      blocks: e.blocks,
      edited: false,
      parent: parentOf(e.message_ts, e.thread_ts),
    }));
  return [...messages, ...ephemerals].sort((a, b) => a.ms - b.ms);
}

export function Conversation(props: {
  state: SandboxState;
  channel: string;
  intro: ComponentChildren;
  onAction: (channel: string, item: { ts: string; ephemeral: boolean }, action: BlockAction) => void;
  /** A message shortcut chosen on a message's "⋯" menu. */
  onShortcut: (channel: string, ts: string, callbackId: string) => void;
}) {
  const { state, channel } = props;
  const all = items(state, channel);
  // Thread replies sit under their first message, folded, as Slack shows "2 replies".
  const replies = new Map<string, Item[]>();
  for (const item of all)
    if (item.parent) replies.set(item.parent, [...(replies.get(item.parent) ?? []), item]);
  const list = all.filter((i) => !i.parent || !all.some((p) => p.ts === i.parent));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const me = state.people.find((p) => p.id === state.me);
  const tz = me?.tz ?? 'UTC';
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastChannel = useRef('');

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (lastChannel.current !== channel || stick.current) el.scrollTop = el.scrollHeight;
    lastChannel.current = channel;
  }, [channel, all.length, all.at(-1)?.ts]);

  let previous: Item | undefined;
  let previousDay = '';
  const rows: ComponentChildren[] = [];
  for (const item of list) {
    const day = dayKey(item.ms, tz);
    if (day !== previousDay) {
      rows.push(
        <div class="day" key={`day-${day}`} role="separator">
          <span>{dayLabel(item.ms, state.now, tz)}</span>
        </div>,
      );
      previous = undefined;
      previousDay = day;
    }
    const grouped = Boolean(
      previous &&
      !item.ephemeral &&
      !previous.ephemeral &&
      previous.author === item.author &&
      item.ms - previous.ms < GROUP_MS,
    );
    rows.push(
      <Message
        key={`${item.ephemeral ? 'e' : 'm'}${item.ts}`}
        state={state}
        item={item}
        grouped={grouped}
        tz={tz}
        onAction={(a) => props.onAction(channel, item, a)}
        onShortcut={(id) => props.onShortcut(channel, item.ts, id)}
      />,
    );
    previous = item;
    const thread = replies.get(item.ts);
    if (thread) {
      const expanded = open.has(item.ts);
      rows.push(
        <div class="thread" key={`t${item.ts}`}>
          <button
            type="button"
            class="thread-toggle"
            aria-expanded={expanded}
            onClick={() =>
              setOpen((o) =>
                o.has(item.ts) ? new Set([...o].filter((t) => t !== item.ts)) : new Set([...o, item.ts]),
              )
            }
          >
            {thread.length} {thread.length === 1 ? 'reply' : 'replies'}
            <span class="muted"> · {expanded ? 'hide' : `last at ${clockTime(thread.at(-1)!.ms, tz)}`}</span>
          </button>
          {expanded &&
            thread.map((r) => (
              <Message
                key={`r${r.ts}`}
                state={state}
                item={r}
                grouped={false}
                tz={tz}
                onAction={(a) => props.onAction(channel, r, a)}
                onShortcut={(id) => props.onShortcut(channel, r.ts, id)}
              />
            ))}
        </div>,
      );
      previous = undefined;
    }
  }

  return (
    <div
      class="messages"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
      }}
      aria-live="polite"
    >
      <div class="intro">{props.intro}</div>
      {rows}
    </div>
  );
}

function Message({
  state,
  item,
  grouped,
  tz,
  onAction,
  onShortcut,
}: {
  state: SandboxState;
  item: Item;
  grouped: boolean;
  tz: string;
  onAction: (a: BlockAction) => void;
  onShortcut: (callbackId: string) => void;
}) {
  const author = state.people.find((p) => p.id === item.author);
  const ctx = renderContext(state, { onAction, idPrefix: `m${item.ts.replace('.', '')}` });
  const time = clockTime(item.ms, tz);
  return (
    <article
      class={`msg${grouped ? ' grouped' : ''}${item.ephemeral ? ' ephemeral' : ''}`}
      data-ts={item.ts}
      aria-label={`${author?.realName ?? 'Someone'} at ${time}`}
    >
      <div class="msg-gutter">
        {grouped ? <time class="msg-time-hover">{time}</time> : <Avatar person={author} />}
      </div>
      <div class="msg-body">
        {item.ephemeral && (
          <div class="only-you">
            <span aria-hidden="true">👁</span> Only visible to you
          </div>
        )}
        {!grouped && (
          <div class="msg-head">
            <span class="msg-author">{author?.realName ?? item.author}</span>
            {author?.isBot && <span class="app-badge">APP</span>}
            <time class="msg-time">{time}</time>
          </div>
        )}
        {item.blocks && item.blocks.length > 0
          ? renderBlocks(item.blocks, ctx)
          : renderMrkdwn(item.text, ctx)}
        {/* Slack marks edits by people; an app updating its own message (chat.update) is not marked. */}
        {item.edited && !author?.isBot && <span class="edited">(edited)</span>}
      </div>
      {/* Slack offers message shortcuts on messages everyone sees, not on ephemeral ones. */}
      {!item.ephemeral && (
        <ActionsMenu
          class="msg-actions"
          label="More actions"
          heading="Trustloop"
          icon={<MoreIcon />}
          items={state.shortcuts
            .filter((s) => s.type === 'message')
            .map((s) => ({
              key: s.callbackId,
              label: s.name,
              description: s.description,
              onPick: () => onShortcut(s.callbackId),
            }))}
        />
      )}
    </article>
  );
}
