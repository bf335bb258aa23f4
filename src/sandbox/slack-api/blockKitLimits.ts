/**
 * Block Kit limits, checked the way Slack checks them: a list of issues, each a message plus a JSON
 * pointer into the request argument, e.g. `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
 *
 * Pure module (no I/O, no state) so it can be unit-tested on its own and reused by the browser sandbox.
 *
 * Sources for the numbers (see /work/shared/notes/slack-platform.md §6):
 * - docs.slack.dev/reference/block-kit/blocks: 50 blocks per message, 100 per modal / Home tab.
 * - node-slack-sdk `packages/types/src/block-kit/*.ts` JSDoc and python-slack-sdk `slack_sdk/models/**`
 *   (`*_max_length` validators): per-field limits below.
 * - Error wording: Slack's `invalid_blocks` / `invalid_arguments` responses carry
 *   `[ERROR] <reason> [json-pointer:<path>]` lines in `response_metadata.messages`.
 */
import { isJsonObject, type JsonObject } from './json';

export interface BlockKitIssue {
  /** JSON pointer into the request argument, e.g. `/blocks/0/text/text` or `/view/title/text`. */
  pointer: string;
  message: string;
}

export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  markdownBlockText: 12000,
  contextElements: 10,
  actionsElements: 25,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  plainTextInputLength: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
} as const;

/** Formats an issue like the lines Slack returns (without the `[ERROR] ` prefix). */
export function formatIssue(issue: BlockKitIssue): string {
  return `${issue.message} [json-pointer:${issue.pointer}]`;
}

/**
 * Block types Slack knows. An unknown type is rejected by Slack ("unsupported type"), which is the most
 * common typo we want tests to catch.
 */
const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

class Checker {
  readonly issues: BlockKitIssue[] = [];

  add(pointer: string, message: string): void {
    this.issues.push({ pointer, message });
  }

  /** A string field with a maximum length (and, when required, presence). */
  string(obj: JsonObject, key: string, ptr: string, max: number, required = false): void {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) this.add(`${ptr}/${key}`, `missing required field: ${key}`);
      return;
    }
    if (typeof v !== 'string') {
      this.add(`${ptr}/${key}`, 'must be a string');
      return;
    }
    if (v.length > max) this.add(`${ptr}/${key}`, `must be less than ${max + 1} characters`);
  }

  /**
   * A composition text object `{type: 'plain_text' | 'mrkdwn', text}` (TYPES composition-objects.ts:
   * 1..3000 characters unless the field says less).
   */
  text(
    value: unknown,
    ptr: string,
    max: number,
    opts: { plainOnly?: boolean; required?: boolean } = {},
  ): void {
    if (value === undefined || value === null) {
      if (opts.required) this.add(ptr, `missing required field: ${lastSegment(ptr)}`);
      return;
    }
    if (!isJsonObject(value)) {
      this.add(ptr, 'failed to match all allowed schemas');
      return;
    }
    const type = value.type;
    if (opts.plainOnly ? type !== 'plain_text' : type !== 'plain_text' && type !== 'mrkdwn') {
      this.add(`${ptr}/type`, opts.plainOnly ? 'must be plain_text' : `unsupported type: ${show(type)}`);
    }
    const text = value.text;
    if (typeof text !== 'string') {
      this.add(`${ptr}/text`, 'missing required field: text');
      return;
    }
    if (text.length === 0) this.add(`${ptr}/text`, 'must be more than 0 characters');
    if (text.length > max) this.add(`${ptr}/text`, `must be less than ${max + 1} characters`);
  }

  /** An array field with a maximum item count; returns the array's objects to check further. */
  array(
    obj: JsonObject,
    key: string,
    ptr: string,
    max: number,
    opts: { required?: boolean; min?: number } = {},
  ) {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (opts.required) this.add(`${ptr}/${key}`, `missing required field: ${key}`);
      return [];
    }
    if (!Array.isArray(v)) {
      this.add(`${ptr}/${key}`, 'must be an array');
      return [];
    }
    if (opts.min !== undefined && v.length < opts.min) {
      this.add(`${ptr}/${key}`, `must provide at least ${opts.min} items`);
    }
    if (v.length > max) this.add(`${ptr}/${key}`, `must provide no more than ${max} items`);
    return v;
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
}

function lastSegment(ptr: string): string {
  return ptr.slice(ptr.lastIndexOf('/') + 1);
}

function checkConfirm(c: Checker, value: unknown, ptr: string): void {
  if (value === undefined) return;
  if (!isJsonObject(value)) {
    c.add(ptr, 'failed to match all allowed schemas');
    return;
  }
  const L = BLOCK_KIT_LIMITS;
  c.text(value.title, `${ptr}/title`, L.confirmTitle, { plainOnly: true });
  c.text(value.text, `${ptr}/text`, L.confirmText, { required: true });
  c.text(value.confirm, `${ptr}/confirm`, L.confirmButton, { plainOnly: true });
  c.text(value.deny, `${ptr}/deny`, L.confirmButton, { plainOnly: true });
}

/** Option object: text ≤ 75, value ≤ 150 (current docs and python-slack-sdk; older TS JSDoc says 75). */
function checkOption(c: Checker, value: unknown, ptr: string, plainOnly: boolean): void {
  if (!isJsonObject(value)) {
    c.add(ptr, 'failed to match all allowed schemas');
    return;
  }
  const L = BLOCK_KIT_LIMITS;
  c.text(value.text, `${ptr}/text`, L.optionText, { plainOnly, required: true });
  c.string(value, 'value', ptr, L.optionValue);
  c.text(value.description, `${ptr}/description`, L.optionDescription);
  c.string(value, 'url', ptr, L.url);
}

function checkOptions(
  c: Checker,
  el: JsonObject,
  ptr: string,
  max: number,
  plainOnly: boolean,
  required: boolean,
) {
  const options = c.array(el, 'options', ptr, max, { required });
  options.forEach((o, i) => checkOption(c, o, `${ptr}/options/${i}`, plainOnly));
}

/** Interactive elements (buttons, selects, inputs…) as found in actions, section accessories and inputs. */
function checkElement(c: Checker, value: unknown, ptr: string): void {
  if (!isJsonObject(value)) {
    c.add(ptr, 'failed to match all allowed schemas');
    return;
  }
  const L = BLOCK_KIT_LIMITS;
  const type = value.type;
  if (typeof type !== 'string') {
    c.add(`${ptr}/type`, 'missing required field: type');
    return;
  }
  c.string(value, 'action_id', ptr, L.actionId);
  c.text(value.placeholder, `${ptr}/placeholder`, L.placeholder, { plainOnly: true });
  checkConfirm(c, value.confirm, `${ptr}/confirm`);
  switch (type) {
    case 'button':
      c.text(value.text, `${ptr}/text`, L.buttonText, { plainOnly: true, required: true });
      c.string(value, 'value', ptr, L.buttonValue);
      c.string(value, 'url', ptr, L.url);
      c.string(value, 'accessibility_label', ptr, L.accessibilityLabel);
      if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
        c.add(`${ptr}/style`, 'must be one of primary, danger');
      }
      break;
    case 'static_select':
    case 'multi_static_select': {
      const hasGroups = value.option_groups !== undefined;
      if (hasGroups) {
        const groups = c.array(value, 'option_groups', ptr, L.optionGroups);
        groups.forEach((g, gi) => {
          const gptr = `${ptr}/option_groups/${gi}`;
          if (!isJsonObject(g)) {
            c.add(gptr, 'failed to match all allowed schemas');
            return;
          }
          c.text(g.label, `${gptr}/label`, L.optionGroupLabel, { plainOnly: true, required: true });
          checkOptions(c, g, gptr, L.selectOptions, true, true);
        });
      } else {
        checkOptions(c, value, ptr, L.selectOptions, true, true);
      }
      break;
    }
    case 'overflow':
      checkOptions(c, value, ptr, L.overflowOptions, true, true);
      break;
    case 'checkboxes':
      checkOptions(c, value, ptr, L.checkboxOptions, false, true);
      break;
    case 'radio_buttons':
      checkOptions(c, value, ptr, L.radioOptions, false, true);
      break;
    case 'plain_text_input':
      for (const key of ['min_length', 'max_length'] as const) {
        const n = value[key];
        if (n === undefined) continue;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
          c.add(`${ptr}/${key}`, 'must be an integer');
        else if (n > L.plainTextInputLength)
          c.add(`${ptr}/${key}`, `must be less than ${L.plainTextInputLength + 1}`);
      }
      break;
    case 'datepicker':
      if (
        value.initial_date !== undefined &&
        !(typeof value.initial_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.initial_date))
      ) {
        c.add(`${ptr}/initial_date`, 'must match the format YYYY-MM-DD');
      }
      break;
    case 'timepicker':
      if (
        value.initial_time !== undefined &&
        !(typeof value.initial_time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value.initial_time))
      ) {
        c.add(`${ptr}/initial_time`, 'must match the format HH:mm');
      }
      break;
    default:
      break;
  }
}

/**
 * An image names its picture exactly once: `image_url`, or `slack_file` (`{id}` or `{url}` of a file
 * uploaded to Slack) — docs.slack.dev/reference/block-kit/blocks/image-block.
 */
function checkImageSource(c: Checker, image: JsonObject, ptr: string): void {
  const hasUrl = image.image_url !== undefined && image.image_url !== null;
  const file = image.slack_file;
  if (hasUrl && file !== undefined) {
    c.add(ptr, 'must provide exactly one of image_url or slack_file');
  } else if (!hasUrl && file === undefined) {
    c.add(`${ptr}/image_url`, 'missing required field: image_url or slack_file');
  } else if (file !== undefined) {
    const ok = isJsonObject(file) && (typeof file.id === 'string' || typeof file.url === 'string');
    if (!ok) c.add(`${ptr}/slack_file`, 'must have an id or a url');
  }
}

/** Elements of a context block: images or text objects. */
function checkContextElement(c: Checker, value: unknown, ptr: string): void {
  if (!isJsonObject(value)) {
    c.add(ptr, 'failed to match all allowed schemas');
    return;
  }
  if (value.type === 'image') {
    c.string(value, 'alt_text', ptr, BLOCK_KIT_LIMITS.imageAltText, true);
    c.string(value, 'image_url', ptr, BLOCK_KIT_LIMITS.url);
    checkImageSource(c, value, ptr);
    return;
  }
  c.text(value, ptr, BLOCK_KIT_LIMITS.textObject);
}

function checkBlock(
  c: Checker,
  block: unknown,
  ptr: string,
  seenBlockIds: Map<string, number>,
  index: number,
) {
  if (!isJsonObject(block)) {
    c.add(ptr, 'failed to match all allowed schemas');
    return;
  }
  const L = BLOCK_KIT_LIMITS;
  const type = block.type;
  if (typeof type !== 'string') {
    c.add(`${ptr}/type`, 'missing required field: type');
    return;
  }
  if (!KNOWN_BLOCK_TYPES.has(type)) {
    c.add(`${ptr}/type`, `unsupported type: ${type}`);
    return;
  }
  const blockId = block.block_id;
  if (blockId !== undefined) {
    c.string(block, 'block_id', ptr, L.blockId);
    // Slack needs block_id unique within one message or view (TYPES blocks.ts: "unique for each message").
    if (typeof blockId === 'string') {
      if (seenBlockIds.has(blockId)) c.add(`${ptr}/block_id`, `duplicate block_id: ${blockId}`);
      else seenBlockIds.set(blockId, index);
    }
  }
  switch (type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        c.add(ptr, 'must provide either text or fields');
      }
      c.text(block.text, `${ptr}/text`, L.sectionText);
      const fields = c.array(block, 'fields', ptr, L.sectionFields);
      fields.forEach((f, i) => c.text(f, `${ptr}/fields/${i}`, L.sectionFieldText, { required: true }));
      if (block.accessory !== undefined) checkElement(c, block.accessory, `${ptr}/accessory`);
      break;
    }
    case 'header':
      c.text(block.text, `${ptr}/text`, L.headerText, { plainOnly: true, required: true });
      break;
    case 'markdown':
      c.string(block, 'text', ptr, L.markdownBlockText, true);
      break;
    case 'context': {
      const elements = c.array(block, 'elements', ptr, L.contextElements, { required: true, min: 1 });
      elements.forEach((e, i) => checkContextElement(c, e, `${ptr}/elements/${i}`));
      break;
    }
    case 'actions': {
      const elements = c.array(block, 'elements', ptr, L.actionsElements, { required: true, min: 1 });
      const actionIds = new Set<string>();
      elements.forEach((e, i) => {
        const eptr = `${ptr}/elements/${i}`;
        checkElement(c, e, eptr);
        // action_id must be unique within its block (TYPES extensions.ts Actionable.action_id).
        if (isJsonObject(e) && typeof e.action_id === 'string') {
          if (actionIds.has(e.action_id)) c.add(`${eptr}/action_id`, `duplicate action_id: ${e.action_id}`);
          actionIds.add(e.action_id);
        }
      });
      break;
    }
    case 'input':
      c.text(block.label, `${ptr}/label`, L.inputLabel, { plainOnly: true, required: true });
      c.text(block.hint, `${ptr}/hint`, L.inputHint, { plainOnly: true });
      if (block.element === undefined) c.add(`${ptr}/element`, 'missing required field: element');
      else checkElement(c, block.element, `${ptr}/element`);
      break;
    case 'image':
      c.string(block, 'alt_text', ptr, L.imageAltText, true);
      c.string(block, 'image_url', ptr, L.url);
      checkImageSource(c, block, ptr);
      c.text(block.title, `${ptr}/title`, L.imageTitle, { plainOnly: true });
      break;
    default:
      break;
  }
}

function checkBlocks(c: Checker, blocks: unknown, ptr: string, max: number): void {
  if (!Array.isArray(blocks)) {
    c.add(ptr, 'must be an array');
    return;
  }
  if (blocks.length > max) c.add(ptr, `must provide no more than ${max} items`);
  const seen = new Map<string, number>();
  blocks.forEach((b, i) => checkBlock(c, b, `${ptr}/${i}`, seen, i));
}

/**
 * Checks the `blocks` argument of chat.postMessage / postEphemeral / update and response_url posts
 * (at most 50 blocks). `pointer` is the argument's name as Slack reports it.
 */
export function validateMessageBlocks(blocks: unknown, pointer = '/blocks'): BlockKitIssue[] {
  const c = new Checker();
  checkBlocks(c, blocks, pointer, BLOCK_KIT_LIMITS.messageBlocks);
  return c.issues;
}

/**
 * Checks a view object (views.open / push / update / publish, and `response_action: update|push`).
 * `expectedType` narrows the allowed `type` (views.publish takes `home`, views.open/push take `modal`).
 */
export function validateView(
  view: unknown,
  opts: { expectedType?: 'modal' | 'home'; pointer?: string } = {},
): BlockKitIssue[] {
  const ptr = opts.pointer ?? '/view';
  const c = new Checker();
  if (!isJsonObject(view)) {
    c.add(ptr, 'must be an object');
    return c.issues;
  }
  const L = BLOCK_KIT_LIMITS;
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    c.add(`${ptr}/type`, `unsupported type: ${show(type)}`);
    return c.issues;
  }
  if (opts.expectedType && type !== opts.expectedType) {
    c.add(`${ptr}/type`, `must be ${opts.expectedType}`);
  }
  if (type === 'modal') {
    // Modals need a title; Home tabs don't (views.publish example has none).
    c.text(view.title, `${ptr}/title`, L.modalTitle, { plainOnly: true, required: true });
    c.text(view.submit, `${ptr}/submit`, L.modalButton, { plainOnly: true });
    c.text(view.close, `${ptr}/close`, L.modalButton, { plainOnly: true });
    // TYPES views.ts: `submit` is required when the modal contains an input block.
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((b) => isJsonObject(b) && b.type === 'input');
    if (hasInput && (view.submit === undefined || view.submit === null)) {
      c.add(`${ptr}/submit`, 'missing required field: submit (required when the view has input blocks)');
    }
  }
  c.string(view, 'private_metadata', ptr, L.privateMetadata);
  c.string(view, 'callback_id', ptr, L.callbackId);
  c.string(view, 'external_id', ptr, L.externalId);
  if (view.blocks === undefined) c.add(`${ptr}/blocks`, 'missing required field: blocks');
  else checkBlocks(c, view.blocks, `${ptr}/blocks`, L.surfaceBlocks);
  return c.issues;
}
