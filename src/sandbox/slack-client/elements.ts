/**
 * Finding interactive elements in stored blocks and turning "what the user did" into the value shapes
 * Slack sends: the `actions[0]` object of block_actions and `view.state.values[block_id][action_id]`.
 * Shapes from Bolt's types (`src/types/actions/block-action.ts`, `ViewStateValue`) and the payload
 * examples listed in slack-platform.md §3.
 */
import { isJsonObject, type JsonObject } from '../slack-api/json';
import type { ViewStateValue, ViewStateValues } from '../slack-api/types';

export interface FoundElement {
  block: JsonObject;
  blockId: string;
  element: JsonObject;
  actionId: string;
  type: string;
}

/** Every interactive element in a list of blocks (actions elements, section accessories, input elements). */
export function interactiveElements(blocks: readonly JsonObject[]): FoundElement[] {
  const found: FoundElement[] = [];
  for (const block of blocks) {
    const blockId = typeof block.block_id === 'string' ? block.block_id : '';
    const candidates: unknown[] = [];
    if (block.type === 'actions' && Array.isArray(block.elements)) candidates.push(...block.elements);
    if (isJsonObject(block.accessory)) candidates.push(block.accessory);
    if (isJsonObject(block.element)) candidates.push(block.element);
    for (const el of candidates) {
      if (!isJsonObject(el) || typeof el.type !== 'string') continue;
      const actionId = typeof el.action_id === 'string' ? el.action_id : '';
      found.push({ block, blockId, element: el, actionId, type: el.type });
    }
  }
  return found;
}

export function findElement(
  blocks: readonly JsonObject[],
  actionId: string,
  blockId?: string,
): FoundElement | undefined {
  return interactiveElements(blocks).find(
    (f) => f.actionId === actionId && (blockId === undefined || f.blockId === blockId),
  );
}

/** What the user picked or typed. A bare string is the value of the option / text / user / date. */
export type UserInput =
  | string
  | string[]
  | null
  | {
      value?: string | null;
      selected_option?: string | null;
      selected_options?: string[];
      selected_user?: string | null;
      selected_users?: string[];
      selected_date?: string | null;
      selected_time?: string | null;
      selected_conversation?: string | null;
      selected_channel?: string | null;
    };

function allOptions(element: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  const take = (list: unknown) => {
    if (Array.isArray(list)) for (const o of list) if (isJsonObject(o)) out.push(o);
  };
  take(element.options);
  if (Array.isArray(element.option_groups)) {
    for (const g of element.option_groups) if (isJsonObject(g)) take(g.options);
  }
  return out;
}

/** The option object Slack echoes back (`{text, value}`), looked up by value among the element's options. */
export function optionByValue(element: JsonObject, value: string): JsonObject {
  const option = allOptions(element).find((o) => o.value === value);
  if (!option) {
    const known = allOptions(element).map((o) => JSON.stringify(o.value));
    throw new Error(`No option with value ${JSON.stringify(value)} (options: ${known.join(', ') || 'none'})`);
  }
  const picked: JsonObject = { text: option.text ?? null, value };
  if (option.description !== undefined) picked.description = option.description;
  return picked;
}

/**
 * The state value Slack reports for an element: `{type, value}` for text inputs, `selected_option` for
 * single selects and radios, `selected_options` for multi selects and checkboxes, and so on. `null`
 * input gives the "left empty" shape (`value: null`, `selected_option: null`, `[]` for lists).
 */
export function stateValue(element: JsonObject, type: string, input: UserInput): ViewStateValue {
  const obj = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : undefined;
  const scalar = typeof input === 'string' ? input : null;
  const list = Array.isArray(input) ? input : undefined;
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons': {
      const v = obj ? (obj.selected_option ?? obj.value ?? null) : scalar;
      return { type, selected_option: v === null ? null : optionByValue(element, v) };
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes': {
      const values = list ?? obj?.selected_options ?? (scalar !== null ? [scalar] : []);
      return { type, selected_options: values.map((v) => optionByValue(element, v)) };
    }
    case 'users_select':
      return { type, selected_user: obj ? (obj.selected_user ?? null) : scalar };
    case 'multi_users_select':
      return { type, selected_users: list ?? obj?.selected_users ?? (scalar !== null ? [scalar] : []) };
    case 'conversations_select':
      return { type, selected_conversation: obj ? (obj.selected_conversation ?? null) : scalar };
    case 'channels_select':
      return { type, selected_channel: obj ? (obj.selected_channel ?? null) : scalar };
    case 'datepicker':
      return { type, selected_date: obj ? (obj.selected_date ?? null) : scalar };
    case 'timepicker':
      return { type, selected_time: obj ? (obj.selected_time ?? null) : scalar };
    default:
      // plain_text_input, email_text_input, url_text_input, number_input …: the typed text.
      return { type, value: obj ? (obj.value ?? null) : scalar };
  }
}

/**
 * What an untouched element reports: Slack puts an element's initial value (initial_option,
 * initial_date, initial_value, initial_user …) in the view state, so a pre-filled input counts as filled.
 */
export function initialStateValue(element: JsonObject, type: string): ViewStateValue {
  const initial = (key: string): string | null => (typeof element[key] === 'string' ? (element[key]) : null);
  const option = element.initial_option as JsonObject | undefined;
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return stateValue(element, type, option && typeof option.value === 'string' ? option.value : null);
    case 'users_select':
      return stateValue(element, type, initial('initial_user'));
    case 'datepicker':
      return stateValue(element, type, initial('initial_date'));
    case 'timepicker':
      return stateValue(element, type, initial('initial_time'));
    case 'conversations_select':
      return stateValue(element, type, initial('initial_conversation'));
    case 'channels_select':
      return stateValue(element, type, initial('initial_channel'));
    default:
      return stateValue(element, type, initial('initial_value'));
  }
}

/** Whether a state value holds something (Slack won't submit a modal with an empty required input). */
export function isFilled(v: ViewStateValue): boolean {
  const present = (x: unknown) => x !== undefined && x !== null && x !== '';
  return (
    present(v.value) ||
    present(v.selected_option) ||
    (v.selected_options?.length ?? 0) > 0 ||
    present(v.selected_user) ||
    (v.selected_users?.length ?? 0) > 0 ||
    present(v.selected_conversation) ||
    present(v.selected_channel) ||
    present(v.selected_date) ||
    present(v.selected_time)
  );
}

/**
 * Full `state.values` for a view: every input block's element appears (empty ones with null values, as
 * Slack sends them), with `inputs` (by block_id, or `block_id.action_id`) and explicit `values` applied.
 */
export function buildViewState(
  blocks: readonly JsonObject[],
  current: ViewStateValues,
  inputs: Record<string, UserInput> = {},
  explicit: ViewStateValues = {},
): ViewStateValues {
  // Keep what block_actions recorded for elements outside input blocks (e.g. a select in an actions block).
  const values: ViewStateValues = structuredClone(current);
  const used = new Set<string>();
  for (const f of interactiveElements(blocks)) {
    if (f.block.type !== 'input') continue;
    const key = `${f.blockId}.${f.actionId}`;
    let value = current[f.blockId]?.[f.actionId] ?? initialStateValue(f.element, f.type);
    const given = key in inputs ? inputs[key] : f.blockId in inputs ? inputs[f.blockId] : undefined;
    if (given !== undefined) {
      used.add(key in inputs ? key : f.blockId);
      value = stateValue(f.element, f.type, given);
    }
    (values[f.blockId] ??= {})[f.actionId] = value;
  }
  const unknown = Object.keys(inputs).filter((k) => !used.has(k));
  if (unknown.length > 0) throw new Error(`No input block for: ${unknown.join(', ')}`);
  for (const [blockId, byAction] of Object.entries(explicit)) {
    values[blockId] = { ...(values[blockId] ?? {}), ...byAction };
  }
  return values;
}
