/**
 * The Workflow steps panel's form, built from a step's `input_parameters` in manifest.json as Workflow
 * Builder lays it out: a person picker for `slack#/types/user_id`, a channel picker for
 * `slack#/types/channel_id`, a select for an `enum`, text otherwise,
 * and a mark on the required ones. Pure, so it is tested without a browser.
 */
import type { SandboxChannel, SandboxPerson, SandboxStepParameter } from '../../protocol';

interface FieldBase {
  name: string;
  label: string;
  help: string;
  required: boolean;
}

/** A field filled by picking one of a list: a person, a channel, an enum's value or yes/no. */
export interface ChoiceField extends FieldBase {
  kind: 'user' | 'channel' | 'select';
  options: { value: string; label: string }[];
}

export interface TextField extends FieldBase {
  kind: 'text';
  multiline: boolean;
  maxLength?: number;
  inputMode: 'text' | 'decimal';
}

export type StepField = ChoiceField | TextField;

export const USER_ID_TYPE = 'slack#/types/user_id';
export const CHANNEL_ID_TYPE = 'slack#/types/channel_id';

type Choices = Pick<ChoiceField, 'kind' | 'options'>;

export function stepForm(
  params: readonly SandboxStepParameter[],
  people: readonly SandboxPerson[],
  channels: readonly Pick<SandboxChannel, 'id' | 'name'>[] = [],
): StepField[] {
  // the parameter types offered as a list to pick from, and the list each offers
  const choicesOf = (p: SandboxStepParameter): Choices | undefined => {
    if (p.type === USER_ID_TYPE)
      return {
        kind: 'user',
        options: people.map((u) => ({ value: u.id, label: u.isBot ? `${u.realName} (app)` : u.realName })),
      };
    if (p.type === CHANNEL_ID_TYPE)
      return { kind: 'channel', options: channels.map((c) => ({ value: c.id, label: `#${c.name}` })) };
    if (p.enum) return { kind: 'select', options: p.enum.map((v) => ({ value: v, label: v })) };
    if (p.type === 'boolean')
      return {
        kind: 'select',
        options: [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ],
      };
    return undefined;
  };
  return params.map((p): StepField => {
    const base: FieldBase = {
      name: p.name,
      label: p.title,
      help: p.hint ? `${p.description} · ${p.hint}` : p.description,
      required: p.isRequired,
    };
    const choices = choicesOf(p);
    if (choices) return { ...base, ...choices };
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
