/**
 * The Workflow steps panel's form, built from a step's `input_parameters` in manifest.json as Workflow
 * Builder lays it out: a person picker for `slack#/types/user_id`, a channel picker for
 * `slack#/types/channel_id`, a select for an `enum`, text otherwise,
 * and a mark on the required ones. Pure, so it is tested without a browser.
 */
import type { SandboxChannel, SandboxPerson, SandboxStepParameter } from '../../protocol';

export type StepField =
  | {
      kind: 'user';
      name: string;
      label: string;
      help: string;
      required: boolean;
      options: { value: string; label: string }[];
    }
  | {
      kind: 'channel';
      name: string;
      label: string;
      help: string;
      required: boolean;
      options: { value: string; label: string }[];
    }
  | {
      kind: 'select';
      name: string;
      label: string;
      help: string;
      required: boolean;
      options: { value: string; label: string }[];
    }
  | {
      kind: 'text';
      name: string;
      label: string;
      help: string;
      required: boolean;
      multiline: boolean;
      maxLength?: number;
      inputMode: 'text' | 'decimal';
    };

export const USER_ID_TYPE = 'slack#/types/user_id';
export const CHANNEL_ID_TYPE = 'slack#/types/channel_id';

export function stepForm(
  params: readonly SandboxStepParameter[],
  people: readonly SandboxPerson[],
  channels: readonly Pick<SandboxChannel, 'id' | 'name'>[] = [],
): StepField[] {
  return params.map((p) => {
    const base = {
      name: p.name,
      label: p.title,
      help: p.hint ? `${p.description} · ${p.hint}` : p.description,
      required: p.isRequired,
    };
    if (p.type === USER_ID_TYPE) {
      return {
        ...base,
        kind: 'user',
        options: people.map((u) => ({ value: u.id, label: u.isBot ? `${u.realName} (app)` : u.realName })),
      };
    }
    if (p.type === CHANNEL_ID_TYPE)
      return {
        ...base,
        kind: 'channel',
        options: channels.map((c) => ({ value: c.id, label: `#${c.name}` })),
      };
    if (p.enum) return { ...base, kind: 'select', options: p.enum.map((v) => ({ value: v, label: v })) };
    if (p.type === 'boolean')
      return {
        ...base,
        kind: 'select',
        options: ['true', 'false'].map((v) => ({ value: v, label: v === 'true' ? 'Yes' : 'No' })),
      };
    const numeric = p.type === 'number' || p.type === 'integer';
    return {
      ...base,
      kind: 'text',
      multiline: !numeric && (p.maxLength ?? 0) >= 200,
      inputMode: numeric ? 'decimal' : 'text',
      ...(p.maxLength ? { maxLength: p.maxLength } : {}),
    };
  });
}

/** What a run's output looks like in the panel: a user id as the person's name, a timestamp as a date. */
export function outputText(type: string, value: unknown, people: readonly SandboxPerson[]): string {
  if (type === USER_ID_TYPE && typeof value === 'string')
    return people.find((p) => p.id === value)?.realName ?? value;
  if (type === CHANNEL_ID_TYPE && typeof value === 'string') return value;
  if (type === 'slack#/types/timestamp' && typeof value === 'number')
    return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
