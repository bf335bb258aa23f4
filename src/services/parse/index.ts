/** Pure parsing rules for Trustloop's slash commands. No I/O, no Slack imports, no clock reads. */
export * from './result.js';
export * from './ref.js';
export * from './mention.js';
export * from './due.js';
export * from './delegate.js';
export * from './outcome.js';
export * from './commit.js';
export { cleanText, visibleLength } from './text.js';
