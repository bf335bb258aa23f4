/**
 * Block Kit → Preact elements, looking and behaving like Slack's client: header, section (text, fields,
 * accessory), context, divider, actions (buttons with styles, overflow, selects, date pickers), image,
 * and input blocks in modals (plain text, selects, user select, date picker, radio buttons, checkboxes)
 * with the app's validation errors under the field. Unknown blocks show Slack's own placeholder.
 *
 * Pure: output depends only on the blocks and the context; what a person does is reported through
 * `onAction` / `onInput`. Written with `h` rather than JSX so the unit tests (jest, no JSX transform)
 * and the root typecheck can load it as is.
 *
 * Why not slack-blocks-to-jsx: it renders messages for display (React only, ~580 kB of JS plus
 * react-markdown, remark-gfm and node-emoji, and 48 kB of Tailwind CSS), with no way to hear a click or
 * a pick, to hold a modal's input values, or to show the app's errors under a field — which is most of
 * what the sandbox needs. This file is the whole renderer.
 */
import { h, type ComponentChild, type VNode } from 'preact';
import { formatSlackDate } from './dates';
import { inputKey, initialValue } from './inputs';
import { parseMrkdwn, type Inline, type Paragraph } from './mrkdwn';
import { replaceShortcodes } from './emoji';
import type { Block, BlockElement, InputValue, OptionObject, TextObject } from './types';

export interface Person {
  name: string;
  realName: string;
}

export interface BlockAction {
  blockId: string;
  actionId: string;
  /** Element type: button, overflow, static_select … */
  type: string;
  /** What was picked; null for a button. */
  value: InputValue;
  element: BlockElement;
}

export interface RenderContext {
  /** The person looking (their mentions are highlighted; dates are in their zone). */
  viewer: string;
  tz: string;
  /** Sandbox time, for "today" / "tomorrow". */
  now: number;
  people: Readonly<Record<string, Person>>;
  channels: Readonly<Record<string, { name: string }>>;
  /** Whom a users_select offers, in order. */
  selectable: readonly string[];
  /** Input values in a modal, by `block_id.action_id`. */
  values?: Readonly<Record<string, InputValue>>;
  /** Errors under inputs, by block_id. */
  errors?: Readonly<Record<string, string>>;
  onAction?: (action: BlockAction) => void;
  onInput?: (key: string, value: InputValue) => void;
  /** Makes element ids unique on the page (one surface per prefix). */
  idPrefix?: string;
}

type Child = ComponentChild;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an element of any props, as `h` makes them
type El = VNode<any>;

const valueOf = (e: unknown): string => (e as { currentTarget: { value: string } }).currentTarget.value;
const checkedOf = (e: unknown): boolean =>
  (e as { currentTarget: { checked: boolean } }).currentTarget.checked;
const selectedOf = (e: unknown): string[] =>
  Array.from(
    (e as { currentTarget: { selectedOptions: ArrayLike<{ value: string }> } }).currentTarget.selectedOptions,
    (o) => o.value,
  );

// ---------------------------------------------------------------- text

/** A text object: mrkdwn parsed, plain_text with emoji shortcodes turned into emoji (Slack's default). */
export function renderText(
  t: TextObject | undefined,
  ctx: RenderContext,
  tag: 'div' | 'span' = 'div',
): El | null {
  if (!t) return null;
  if (t.type === 'mrkdwn') return renderMrkdwn(t.text, ctx, tag);
  return h(tag, { class: 'bk-plain' }, t.emoji === false ? t.text : replaceShortcodes(t.text));
}

const plain = (t: TextObject | undefined): string =>
  t ? (t.emoji === false ? t.text : replaceShortcodes(t.text)) : '';

export function renderMrkdwn(text: string, ctx: RenderContext, tag: 'div' | 'span' = 'div'): El {
  return h(
    tag,
    { class: 'mrkdwn' },
    parseMrkdwn(text).map((p, i) => paragraph(p, ctx, i)),
  );
}

function paragraph(p: Paragraph, ctx: RenderContext, key: number): El {
  switch (p.type) {
    case 'pre':
      return h('pre', { key, class: 'md-pre' }, p.text);
    case 'quote':
      return h('blockquote', { key, class: 'md-quote' }, inlines(p.children, ctx));
    case 'para':
      return h('p', { key, class: 'md-p' }, inlines(p.children, ctx));
  }
}

function inlines(nodes: readonly Inline[], ctx: RenderContext): Child[] {
  return nodes.map((n, i) => inline(n, ctx, i));
}

function inline(n: Inline, ctx: RenderContext, key: number): Child {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'br':
      return h('br', { key });
    case 'bold':
      return h('b', { key }, inlines(n.children, ctx));
    case 'italic':
      return h('i', { key }, inlines(n.children, ctx));
    case 'strike':
      return h('s', { key }, inlines(n.children, ctx));
    case 'code':
      return h('code', { key, class: 'md-code' }, n.text);
    case 'emoji':
      return h(
        'span',
        { key, class: 'emoji', title: `:${n.name}:`, role: 'img', 'aria-label': n.name.replace(/_/g, ' ') },
        n.char,
      );
    case 'user': {
      const person = ctx.people[n.id];
      const me = n.id === ctx.viewer;
      return h(
        'span',
        { key, class: me ? 'mention mention-me' : 'mention', 'data-user': n.id },
        `@${person?.realName ?? n.label ?? n.id}`,
      );
    }
    case 'channel':
      return h(
        'span',
        { key, class: 'mention mention-channel', 'data-channel': n.id },
        `#${ctx.channels[n.id]?.name ?? n.label ?? n.id}`,
      );
    case 'usergroup':
      return h('span', { key, class: 'mention' }, n.label ?? `@${n.id}`);
    case 'broadcast':
      return h('span', { key, class: 'mention mention-me' }, `@${n.name}`);
    case 'date': {
      const shown = formatSlackDate(n.unix, n.format, ctx.now, ctx.tz);
      const title = new Date(n.unix * 1000).toISOString();
      return n.link
        ? h('a', { key, href: n.link, target: '_blank', rel: 'noopener noreferrer', title }, shown)
        : h('time', { key, dateTime: title, title: `${n.fallback}` }, shown);
    }
    case 'link': {
      const safe = /^(https?:|mailto:)/i.test(n.url);
      return safe
        ? h('a', { key, href: n.url, target: '_blank', rel: 'noopener noreferrer' }, n.label ?? n.url)
        : (n.label ?? n.url);
    }
  }
}

// ---------------------------------------------------------------- blocks

export function renderBlocks(blocks: readonly unknown[], ctx: RenderContext): El {
  return h(
    'div',
    { class: 'bk-blocks' },
    (blocks as Block[]).map((b, i) =>
      h('div', { key: b.block_id ?? i, class: 'bk-block', 'data-block-type': b.type }, block(b, ctx)),
    ),
  );
}

function block(b: Block, ctx: RenderContext): Child {
  switch (b.type) {
    case 'header':
      return h('h3', { class: 'bk-header' }, plain(b.text));
    case 'section':
      return section(b, ctx);
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        (b.elements ?? []).map((el, i) =>
          el.type === 'image'
            ? h('img', { key: i, class: 'bk-context-image', src: el.image_url, alt: el.alt_text ?? '' })
            : h('span', { key: i, class: 'bk-context-text' }, renderText(el as TextObject, ctx, 'span')),
        ),
      );
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions' },
        (b.elements ?? []).map((el, i) =>
          h('span', { key: i, class: 'bk-action' }, element(el as BlockElement, b, ctx)),
        ),
      );
    case 'input':
      return input(b, ctx);
    case 'image':
      return h(
        'figure',
        { class: 'bk-image' },
        b.title ? h('figcaption', null, plain(b.title)) : null,
        h('img', { src: imageSource(b), alt: b.alt_text ?? '' }),
      );
    default:
      return h('div', { class: 'bk-unsupported' }, 'This content can’t be displayed.');
  }
}

/** An image block's picture: its URL, or an uploaded file (`slack_file`) as the sandbox serves it. */
function imageSource(b: Block): string | undefined {
  if (b.image_url) return b.image_url;
  const id = b.slack_file?.id ?? /\/(F[A-Z0-9]+)\//.exec(b.slack_file?.url ?? '')?.[1];
  return id ? `/sandbox/api/files/${encodeURIComponent(id)}` : undefined;
}

function section(b: Block, ctx: RenderContext): El {
  return h(
    'div',
    { class: b.accessory ? 'bk-section has-accessory' : 'bk-section' },
    h(
      'div',
      { class: 'bk-section-body' },
      renderText(b.text, ctx),
      b.fields?.length
        ? h(
            'div',
            { class: 'bk-fields' },
            b.fields.map((f, i) => h('div', { key: i, class: 'bk-field' }, renderText(f, ctx))),
          )
        : null,
    ),
    b.accessory ? h('div', { class: 'bk-accessory' }, element(b.accessory, b, ctx)) : null,
  );
}

function input(b: Block, ctx: RenderContext): El {
  const el = b.element;
  const blockId = b.block_id ?? '';
  const error = ctx.errors?.[blockId];
  const id = el?.action_id ? fieldId(ctx, blockId, el.action_id) : undefined;
  const grouped = el && (el.type === 'radio_buttons' || el.type === 'checkboxes');
  return h(
    'div',
    { class: error ? 'bk-input has-error' : 'bk-input' },
    h(
      grouped ? 'span' : 'label',
      { class: 'bk-label', ...(grouped ? { id: `${id}-label` } : { for: id }) },
      plain(b.label),
      b.optional ? h('span', { class: 'bk-optional' }, ' (optional)') : null,
    ),
    el
      ? element(el, b, ctx, {
          inInput: true,
          labelledBy: grouped ? `${id}-label` : undefined,
          invalid: Boolean(error),
        })
      : null,
    error ? h('div', { class: 'bk-error', role: 'alert' }, error) : null,
    b.hint ? h('div', { class: 'bk-hint' }, plain(b.hint)) : null,
  );
}

function fieldId(ctx: RenderContext, blockId: string, actionId: string): string {
  return `${ctx.idPrefix ?? 'bk'}-${blockId}-${actionId}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

// ---------------------------------------------------------------- elements

interface ElementPlace {
  /** Inside an input block: values live in the modal until it is submitted. */
  inInput?: boolean;
  labelledBy?: string;
  invalid?: boolean;
}

function element(el: BlockElement, b: Block, ctx: RenderContext, place: ElementPlace = {}): Child {
  const blockId = b.block_id ?? '';
  const actionId = el.action_id ?? '';
  const key = inputKey(blockId, actionId);
  const id = fieldId(ctx, blockId, actionId);
  const current: InputValue =
    place.inInput && ctx.values && key in ctx.values ? (ctx.values[key] ?? null) : initialValue(el);
  // In an input block a change is kept in the modal (block_actions only with dispatch_action);
  // anywhere else it is an action the app hears about at once.
  const changed = (value: InputValue) => {
    if (place.inInput) {
      ctx.onInput?.(key, value);
      if (!b.dispatch_action) return;
    }
    ctx.onAction?.({ blockId, actionId, type: el.type, value, element: el });
  };
  const common = { id, 'data-action-id': actionId, 'aria-invalid': place.invalid ? 'true' : undefined };

  switch (el.type) {
    case 'button': {
      const cls = `bk-button${el.style ? ` bk-button-${el.style}` : ''}`;
      const onClick = () => ctx.onAction?.({ blockId, actionId, type: 'button', value: null, element: el });
      return el.url
        ? h(
            'a',
            { ...common, class: cls, href: el.url, target: '_blank', rel: 'noopener noreferrer', onClick },
            plain(el.text),
          )
        : h('button', { ...common, type: 'button', class: cls, onClick }, plain(el.text));
    }
    case 'overflow':
      return h(
        'select',
        {
          ...common,
          class: 'bk-overflow',
          'aria-label': 'More actions',
          value: '',
          onChange: (e: unknown) => {
            const v = valueOf(e);
            if (v) ctx.onAction?.({ blockId, actionId, type: 'overflow', value: v, element: el });
          },
        },
        h('option', { value: '', disabled: true, hidden: true }, '⋯'),
        (el.options ?? []).map((o) => h('option', { key: o.value, value: o.value }, plain(o.text))),
      );
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return select(el, ctx, common, typeof current === 'string' ? current : null, changed);
    case 'multi_static_select':
    case 'multi_external_select':
    case 'multi_users_select':
      return h(
        'select',
        {
          ...common,
          class: 'bk-select bk-multi',
          multiple: true,
          onChange: (e: unknown) => changed(selectedOf(e)),
        },
        optionsFor(el, ctx).map((o) =>
          h(
            'option',
            { key: o.value, value: o.value, selected: Array.isArray(current) && current.includes(o.value) },
            o.label,
          ),
        ),
      );
    case 'datepicker':
      return h('input', {
        ...common,
        class: 'bk-date',
        type: 'date',
        value: typeof current === 'string' ? current : '',
        onChange: (e: unknown) => changed(valueOf(e) || null),
      });
    case 'timepicker':
      return h('input', {
        ...common,
        class: 'bk-date',
        type: 'time',
        value: typeof current === 'string' ? current : '',
        onChange: (e: unknown) => changed(valueOf(e) || null),
      });
    case 'radio_buttons':
    case 'checkboxes': {
      const multiple = el.type === 'checkboxes';
      const picked = Array.isArray(current) ? current : current === null ? [] : [current];
      return h(
        'div',
        {
          ...common,
          class: 'bk-choices',
          role: multiple ? 'group' : 'radiogroup',
          'aria-labelledby': place.labelledBy,
        },
        (el.options ?? []).map((o) =>
          h(
            'label',
            { key: o.value, class: 'bk-choice' },
            h('input', {
              type: multiple ? 'checkbox' : 'radio',
              name: id,
              value: o.value,
              checked: picked.includes(o.value),
              onChange: (e: unknown) => {
                if (!multiple) return changed(o.value);
                const on = checkedOf(e);
                changed(
                  on
                    ? [...picked.filter((v) => v !== o.value), o.value]
                    : picked.filter((v) => v !== o.value),
                );
              },
            }),
            h(
              'span',
              { class: 'bk-choice-text' },
              renderText(o.text, ctx, 'span'),
              o.description ? h('span', { class: 'bk-choice-desc' }, plain(o.description)) : null,
            ),
          ),
        ),
      );
    }
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const attrs = {
        ...common,
        class: 'bk-text',
        value: typeof current === 'string' ? current : '',
        placeholder: plain(el.placeholder) || undefined,
        maxLength: el.max_length,
        minLength: el.min_length,
        onInput: (e: unknown) => changed(valueOf(e)),
      };
      if (el.multiline) return h('textarea', { ...attrs, rows: 3 });
      const type =
        el.type === 'email_text_input'
          ? 'email'
          : el.type === 'url_text_input'
            ? 'url'
            : el.type === 'number_input'
              ? 'number'
              : 'text';
      return h('input', {
        ...attrs,
        type,
        ...(el.type === 'number_input' && el.is_decimal_allowed ? { step: 'any' } : {}),
      });
    }
    case 'image':
      return h('img', { class: 'bk-accessory-image', src: el.image_url, alt: el.alt_text ?? '' });
    default:
      return h('span', { class: 'bk-unsupported' }, `(${el.type})`);
  }
}

interface Choice {
  value: string;
  label: string;
}

function optionsFor(el: BlockElement, ctx: RenderContext): Choice[] {
  const fromOption = (o: OptionObject): Choice => ({ value: o.value, label: plain(o.text) });
  switch (el.type) {
    case 'users_select':
    case 'multi_users_select':
      return ctx.selectable.map((id) => ({ value: id, label: ctx.people[id]?.realName ?? id }));
    case 'conversations_select':
    case 'channels_select':
      return Object.entries(ctx.channels).map(([id, c]) => ({ value: id, label: `#${c.name}` }));
    default:
      return [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options)].map(fromOption);
  }
}

function select(
  el: BlockElement,
  ctx: RenderContext,
  common: Record<string, unknown>,
  current: string | null,
  changed: (v: InputValue) => void,
): El {
  const placeholder =
    plain(el.placeholder) || (el.type === 'users_select' ? 'Select a person' : 'Select an item');
  const option = (o: Choice) => h('option', { key: o.value, value: o.value }, o.label);
  const groups = el.type === 'static_select' && el.option_groups?.length ? el.option_groups : null;
  return h(
    'select',
    {
      ...common,
      class: 'bk-select',
      value: current ?? '',
      onChange: (e: unknown) => changed(valueOf(e) || null),
    },
    h('option', { value: '', disabled: true }, placeholder),
    groups
      ? groups.map((g, i) =>
          h(
            'optgroup',
            { key: i, label: plain(g.label) },
            g.options.map((o) => option({ value: o.value, label: plain(o.text) })),
          ),
        )
      : optionsFor(el, ctx).map(option),
  );
}
