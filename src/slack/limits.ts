/**
 * Slack's limits our views lay messages out by, named once (Block Kit reference; the figures are
 * collected in ../shared/notes/slack-platform.md §6). A message over them is refused (`invalid_blocks`)
 * or cut where Slack chooses, so views cut first, where we choose.
 */
export const SLACK_LIMITS = {
  /** A section's text. */
  sectionText: 3000,
  /** One of a section's fields. */
  sectionField: 2000,
  /** Blocks in one message (modals and Home tabs allow 100). */
  messageBlocks: 50,
} as const;

/** How much of a long text or list a message shows, within those limits. */
export const SHOWN = {
  /** A field's body: its limit less room for the bold label above it. */
  fieldBody: SLACK_LIMITS.sectionField - 100,
  /** A quoted note: the section limit less the room its `>` marks take. */
  quotedNote: SLACK_LIMITS.sectionText - 100,
  /** A task title in a form's prompt line. */
  titleInPrompt: 200,
  /** A lesson quoted on a retro's line. */
  lessonInList: 280,
  /** Items one reminder lists (two blocks each), the rest on the Home tab. */
  reminderItems: 12,
  /** Delegations `/outcome` lists (two blocks each). */
  openDelegations: 15,
  /** Of a person's text, quoted back in a refusal. */
  quotedInput: 60,
} as const;
