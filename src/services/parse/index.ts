/** Pure parsing rules for Trustloop's slash commands. No I/O, no Slack imports, no clock reads. */
export * from './result';
export * from './ref';
export * from './mention';
export * from './due';
export * from './delegate';
export * from './outcome';
export * from './commit';
export { cleanText, visibleLength } from './text';
