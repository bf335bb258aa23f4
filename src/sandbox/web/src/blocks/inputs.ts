/**
 * A modal's input values on the page: what each input starts with (initial_* fields), how values
 * survive a `views.update` (Slack keeps what was typed into inputs whose block_id and action_id stay),
 * and what is submitted — keyed `block_id.action_id`, the form the signed sender takes.
 */
import type { Block, BlockElement, InputValue } from './types';

export const inputKey = (blockId: string, actionId: string): string => `${blockId}.${actionId}`;

/** The value an element shows before anyone touches it. */
export function initialValue(el: BlockElement): InputValue {
  switch (el.type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return el.initial_option?.value ?? null;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return (el.initial_options ?? []).map((o) => o.value);
    case 'users_select':
      return el.initial_user ?? null;
    case 'multi_users_select':
      return el.initial_users ?? [];
    case 'conversations_select':
      return el.initial_conversation ?? null;
    case 'channels_select':
      return el.initial_channel ?? null;
    case 'datepicker':
      return el.initial_date ?? null;
    case 'timepicker':
      return el.initial_time ?? null;
    default:
      return el.initial_value ?? null;
  }
}

/** Input blocks with their key. */
export function inputElements(blocks: readonly Block[]): { key: string; block: Block; element: BlockElement }[] {
  const out: { key: string; block: Block; element: BlockElement }[] = [];
  for (const block of blocks) {
    if (block.type !== 'input' || !block.element || !block.block_id || !block.element.action_id) continue;
    out.push({ key: inputKey(block.block_id, block.element.action_id), block, element: block.element });
  }
  return out;
}

export function initialValues(blocks: readonly Block[]): Record<string, InputValue> {
  const values: Record<string, InputValue> = {};
  for (const { key, element } of inputElements(blocks)) values[key] = initialValue(element);
  return values;
}

/** Values after the view changed: kept for inputs that are still there, initial for new ones. */
export function carryValues(previous: Readonly<Record<string, InputValue>>, blocks: readonly Block[]): Record<string, InputValue> {
  const values: Record<string, InputValue> = {};
  for (const { key, element } of inputElements(blocks)) values[key] = key in previous ? (previous[key] ?? null) : initialValue(element);
  return values;
}

/** What is submitted for every input: empty text is `null`, as Slack sends an untouched input. */
export function collectInputs(blocks: readonly Block[], values: Readonly<Record<string, InputValue>>): Record<string, InputValue> {
  const out: Record<string, InputValue> = {};
  for (const { key, element } of inputElements(blocks)) {
    const v = key in values ? (values[key] ?? null) : initialValue(element);
    out[key] = v === '' ? null : v;
  }
  return out;
}

/**
 * What Slack's client says under a text input whose value is outside its `min_length`/`max_length`
 * before it lets the form be submitted (the app never hears of it), by block_id. Lengths are counted
 * as a person counts them (an emoji is one).
 */
export function lengthErrors(blocks: readonly Block[], values: Readonly<Record<string, InputValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  const fmt = (n: number) => n.toLocaleString('en-US');
  for (const { key, block, element } of inputElements(blocks)) {
    const v = key in values ? values[key] : initialValue(element);
    if (typeof v !== 'string' || v === '' || !block.block_id) continue;
    const n = [...v].length;
    if (element.max_length !== undefined && n > element.max_length) {
      out[block.block_id] = `Please keep this to ${fmt(element.max_length)} characters or fewer — it has ${fmt(n)}.`;
    } else if (element.min_length !== undefined && n < element.min_length) {
      out[block.block_id] = `Please write at least ${fmt(element.min_length)} characters here.`;
    }
  }
  return out;
}
