/**
 * Block Kit as the renderer reads it: the subset of fields it uses, loosely typed, because blocks
 * arrive as JSON the Slack stand-in has already checked against Block Kit's limits.
 */
export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

export interface OptionObject {
  text: TextObject;
  value: string;
  description?: TextObject;
}

export interface OptionGroup {
  label: TextObject;
  options: OptionObject[];
}

export interface BlockElement {
  type: string;
  action_id?: string;
  text?: TextObject;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
  confirm?: unknown;
  placeholder?: TextObject;
  options?: OptionObject[];
  option_groups?: OptionGroup[];
  initial_option?: OptionObject;
  initial_options?: OptionObject[];
  initial_user?: string;
  initial_users?: string[];
  initial_conversation?: string;
  initial_channel?: string;
  initial_date?: string;
  initial_time?: string;
  initial_value?: string;
  multiline?: boolean;
  max_length?: number;
  min_length?: number;
  image_url?: string;
  alt_text?: string;
  is_decimal_allowed?: boolean;
}

export interface Block {
  type: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: BlockElement;
  /** actions: interactive elements; context: text objects and images. */
  elements?: (BlockElement | TextObject)[];
  /** input */
  element?: BlockElement;
  label?: TextObject;
  hint?: TextObject;
  optional?: boolean;
  dispatch_action?: boolean;
  /** image */
  image_url?: string;
  /** An uploaded file shown by id or url (the Home chart): served by the sandbox at /sandbox/api/files/<id>. */
  slack_file?: { id?: string; url?: string };
  alt_text?: string;
  title?: TextObject;
}

/** A value a person picked or typed: text, an option value, a user id, a date, or several. */
export type InputValue = string | string[] | null;
