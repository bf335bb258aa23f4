/** Rendering helpers for the Block Kit renderer's tests: HTML out, and the element tree to click through. */
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { RenderContext } from '../../../src/sandbox/web/src/blocks/render';

export const LEA = 'U0LEA0001';
export const ANA = 'U0ANA0001';
export const SAM = 'U0SAM0001';
export const NOW = Date.parse('2026-11-25T10:00:00Z');

export function context(over: Partial<RenderContext> = {}): RenderContext {
  return {
    viewer: ANA,
    tz: 'America/New_York',
    now: NOW,
    people: {
      [LEA]: { name: 'lea', realName: 'Lea Lindqvist' },
      [ANA]: { name: 'ana', realName: 'Ana Alves' },
      [SAM]: { name: 'sam', realName: 'Sam Sato' },
    },
    channels: { C0TEAM001: { name: 'team' }, C0GENERAL: { name: 'general' } },
    selectable: [LEA, ANA, SAM],
    ...over,
  };
}

export const html = (v: VNode): string => renderToString(v);

/** Visible text of rendered HTML, tags dropped and entities undone (for readable assertions). */
export function textOf(v: VNode): string {
  return html(v)
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

type Props = Record<string, unknown> & { children?: unknown };

/** Every element node in a tree (depth first). */
export function nodes(v: unknown): VNode<Props>[] {
  const out: VNode<Props>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object' || !('props' in n)) return;
    const node = n as VNode<Props>;
    out.push(node);
    walk(node.props.children);
  };
  walk(v);
  return out;
}

export function byAction(v: VNode, actionId: string): VNode<Props> {
  const found = nodes(v).find((n) => n.props['data-action-id'] === actionId);
  if (!found) throw new Error(`no element with action_id ${actionId}`);
  return found;
}

/** Calls an element's handler as the browser would, with `currentTarget` carrying the new value. */
export function fire(node: VNode<Props>, handler: 'onClick' | 'onChange' | 'onInput', target: Record<string, unknown> = {}): void {
  const fn = node.props[handler];
  if (typeof fn !== 'function') throw new Error(`element has no ${handler}`);
  (fn as (e: unknown) => void)({ currentTarget: target });
}
