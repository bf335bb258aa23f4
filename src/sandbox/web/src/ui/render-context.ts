/** The renderer's context for one person, from the sandbox state. */
import type { SandboxState } from '../../../protocol';
import type { BlockAction, RenderContext } from '../blocks/render';
import type { InputValue } from '../blocks/types';

export function renderContext(
  state: SandboxState,
  extra: {
    onAction?: (a: BlockAction) => void;
    onInput?: (key: string, value: InputValue) => void;
    values?: Record<string, InputValue>;
    errors?: Record<string, string>;
    idPrefix?: string;
  } = {},
): RenderContext {
  const me = state.people.find((p) => p.id === state.me);
  return {
    viewer: state.me,
    tz: me?.tz ?? 'UTC',
    now: state.now,
    people: Object.fromEntries(state.people.map((p) => [p.id, { name: p.name, realName: p.realName }])),
    channels: Object.fromEntries(state.channels.map((c) => [c.id, { name: c.name }])),
    selectable: state.people.filter((p) => !p.isBot).map((p) => p.id),
    ...extra,
  };
}
