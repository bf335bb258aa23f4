/**
 * The message box: slash commands with autocomplete and usage hints from manifest.json, `@` and `#`
 * completion, and the text sent as Slack's client sends it (see ../composer.ts).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SandboxCommand, SandboxState } from '../../../protocol';
import {
  activeCommand,
  applyCompletion,
  completionAt,
  matchChannels,
  matchCommands,
  matchPeople,
  parseDraft,
  toSlackText,
  tooLong,
  type CompletionQuery,
} from '../composer';
import { Avatar } from './avatar';

export type Sent =
  { kind: 'command'; command: SandboxCommand; text: string } | { kind: 'message'; text: string };

interface Suggestion {
  key: string;
  label: ComponentChildren;
  apply: () => void;
}

export function Composer(props: {
  state: SandboxState;
  channel: string;
  placeholder: string;
  draft: string;
  setDraft: (d: string) => void;
  focusToken: number;
  onSend: (s: Sent) => void;
  onError: (message: string) => void;
  /** Before the text box, as Slack's shortcuts button. */
  leading?: ComponentChildren;
}) {
  const { state, draft, setDraft } = props;
  const box = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState('');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    setCaret(el.value.length);
  }, [props.focusToken, props.channel]);

  const humans = state.people.filter((p) => !p.isBot);
  const commands = matchCommands(draft, state.commands);
  const query: CompletionQuery | undefined = commands.length === 0 ? completionAt(draft, caret) : undefined;

  const place = (text: string, at: number) => {
    setDraft(text);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
      setCaret(at);
    });
  };

  let suggestions: Suggestion[] = [];
  if (commands.length > 0) {
    suggestions = commands.map((c) => ({
      key: c.command,
      label: (
        <span class="sugg-command">
          <b>{c.command}</b> <span class="sugg-hint">{c.usageHint}</span>
          <span class="sugg-desc">{c.description}</span>
        </span>
      ),
      apply: () => place(`${c.command} `, c.command.length + 1),
    }));
  } else if (query?.trigger === '@') {
    suggestions = matchPeople(query.query, humans).map((p) => ({
      key: p.id,
      label: (
        <span class="sugg-person">
          <Avatar person={p} size={20} /> <b>{p.realName}</b> <span class="muted">@{p.name}</span>
        </span>
      ),
      apply: () => {
        const r = applyCompletion(draft, caret, query, p.name);
        place(r.text, r.caret);
      },
    }));
  } else if (query?.trigger === '#') {
    suggestions = matchChannels(query.query, state.channels).map((c) => ({
      key: c.id,
      label: <span># {c.name}</span>,
      apply: () => {
        const r = applyCompletion(draft, caret, query, c.name);
        place(r.text, r.caret);
      },
    }));
  }
  const open = suggestions.length > 0 && dismissed !== draft;
  const index = Math.min(active, suggestions.length - 1);
  const usage = activeCommand(draft, state.commands);
  const overLimit = tooLong(draft);

  const submit = () => {
    const parsed = parseDraft(draft);
    // Slack's client keeps an over-long draft in the box and says why; nothing is sent.
    if (parsed.kind === 'empty' || overLimit) return;
    if (parsed.kind === 'command') {
      const command = state.commands.find((c) => c.command === parsed.command);
      if (!command) {
        props.onError(
          `${parsed.command} is not a valid command. In Slack, all messages that start with the “/” character are interpreted as commands.`,
        );
        return;
      }
      const text = toSlackText(parsed.text, humans, state.channels, command.shouldEscape ? 'escaped' : 'raw');
      props.onSend({ kind: 'command', command, text });
    } else {
      props.onSend({ kind: 'message', text: toSlackText(parsed.text, humans, state.channels, 'message') });
    }
    setDraft('');
    setCaret(0);
  };

  return (
    <div class="composer">
      {open && (
        <ul class="suggestions" role="listbox" aria-label="Suggestions">
          {suggestions.map((s, i) => (
            <li
              key={s.key}
              role="option"
              aria-selected={i === index}
              class={i === index ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                s.apply();
              }}
            >
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {overLimit && (
        <div class="too-long" role="alert">
          {overLimit}
        </div>
      )}
      {!open && !overLimit && usage && (
        <div class="usage" aria-live="polite">
          <b>{usage.command}</b> {usage.usageHint}
        </div>
      )}
      <div class="composer-box">
        {props.leading}
        <textarea
          ref={box}
          rows={1}
          value={draft}
          placeholder={props.placeholder}
          aria-label={props.placeholder}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setCaret(e.currentTarget.selectionStart);
            setActive(0);
          }}
          onKeyUp={(e) => setCaret(e.currentTarget.selectionStart)}
          onClick={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
              e.preventDefault();
              const n = suggestions.length;
              setActive((index + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
              return;
            }
            if (open && (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey))) {
              const chosen = suggestions[index];
              // Enter on a fully typed command sends it (`/delegate` alone opens the form).
              const exact = commands.length === 1 && draft.trim() === commands[0]?.command;
              if (chosen && !(e.key === 'Enter' && exact)) {
                e.preventDefault();
                chosen.apply();
                return;
              }
            }
            if (open && e.key === 'Escape') {
              setDismissed(draft);
              return;
            }
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button
          type="button"
          class="send"
          aria-label="Send"
          disabled={draft.trim() === '' || overLimit !== undefined}
          onClick={submit}
        >
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="M2 17.5 18.5 10 2 2.5l2.4 6.3L13 10l-8.6 1.2z" fill="currentColor" />
          </svg>
        </button>
      </div>
    </div>
  );
}
