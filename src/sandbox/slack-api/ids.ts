/**
 * Identifier and timestamp formats Slack uses. IDs come from a counter (not randomness) so runs are
 * reproducible and a restored snapshot keeps issuing fresh IDs.
 */
import { randomBytes } from 'node:crypto';

/** `V000001AB`-style id: Slack IDs are an uppercase letter prefix plus uppercase alphanumerics. */
export function formatId(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(8, '0')}`;
}

/** Message ts: `"<unix seconds>.<6-digit micros>"`, a string (never a float: precision matters). */
export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const rest = micros % 1_000_000;
  return `${seconds}.${String(rest).padStart(6, '0')}`;
}

/** trigger_id in Slack's documented shape `132456.7890123.abcdef` (REF views.open `invalid_trigger_id`). */
export function formatTriggerId(n: number, teamNumber: number): string {
  return `${n}.${teamNumber}.${randomBytes(16).toString('hex')}`;
}

/** Short random-looking ids Slack fills in for blocks/actions that have none (e.g. `2WGp9`). */
export function shortId(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // Base-62 of the counter, offset so ids don't look like "AAAAB": unique while n < 62^5 - offset.
  let x = n + 14_000_000;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out = alphabet[x % 62] + out;
    x = Math.floor(x / 62);
  }
  return out;
}

/** A stable number derived from the team id, used inside trigger ids like Slack's. */
export function teamNumber(teamId: string): number {
  let h = 0;
  for (const ch of teamId) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000;
  return h;
}

export function randomToken(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}
