/**
 * The stored form of what a queued message is about. An outbox row keeps domain facts (a snapshot of
 * the delegation, the promise, the lesson), never Slack arguments; `render.ts` turns them into a Web
 * API call when the row is sent. These schemas read a row back (dates come out of JSON as strings),
 * so they are a stored format: change them only by adding optional fields, as rows queued by an older
 * version must still be read.
 */
import { z } from 'zod';
import type { Commitment } from '../domain/commitment';
import type { ClosedOutcome, Delegation, PromiseSummary } from '../domain/delegation';
import type { ReminderItem } from '../domain/reminders';
import type { RitualSchedule } from '../domain/ritual';
import { STAKES, type Ladder } from '../domain/stakes';

const date = z.coerce.date();
const stakes = z.enum(STAKES);

export const DelegationJson = z.object({
  teamId: z.string(),
  ref: z.number(),
  leaderId: z.string(),
  assigneeId: z.string(),
  title: z.string(),
  success: z.string().nullable(),
  buffer: z.string().nullable(),
  stakes,
  dueAt: date,
  channelId: z.string(),
  status: z.enum(['open', 'won', 'lost', 'cancelled']),
  acceptedAt: date.nullable(),
  lesson: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: date.nullable(),
  createdAt: date,
  // added with "messages that keep up": rows queued before have none of these
  version: z.number().default(1),
  changeRequestedAt: date.nullable().default(null),
  acknowledgedAt: date.nullable().default(null),
  cancelReason: z.string().nullable().default(null),
  sourcePermalink: z.string().nullable().optional(),
}) satisfies z.ZodType<Delegation, unknown>;

export const CommitmentJson = z.object({
  teamId: z.string(),
  ref: z.number(),
  ownerId: z.string(),
  counterpartId: z.string().nullable(),
  delegationRef: z.number().nullable(),
  text: z.string(),
  dueAt: date,
  originalDueAt: date,
  status: z.enum(['open', 'kept', 'missed', 'released']),
  timesMoved: z.number(),
  confirmation: z.enum(['pending', 'confirmed', 'unconfirmed']).nullable(),
  keptOnTime: z.boolean().nullable(),
  closedAt: date.nullable(),
  createdAt: date,
}) satisfies z.ZodType<Commitment>;

export const PromiseSummaryJson = z.object({
  ref: z.number(),
  text: z.string(),
  dueAt: date,
  dueWasDefault: z.boolean(),
}) satisfies z.ZodType<PromiseSummary>;

const rung = z.object({ wins: z.number(), losses: z.number() });
export const LadderJson = z.object({ small: rung, medium: rung, large: rung }) satisfies z.ZodType<Ladder>;

export const ClosedOutcomeJson = z.object({
  ref: z.number(),
  title: z.string(),
  assigneeId: z.string(),
  leaderId: z.string(),
  status: z.enum(['won', 'lost']),
  lesson: z.string().nullable(),
  stakes,
  closedAt: date,
}) satisfies z.ZodType<ClosedOutcome>;

export const ReminderItemJson = z.object({
  subject: z.enum(['delegation', 'commitment']),
  ref: z.number(),
  kind: z.enum(['before', 'halfway', 'due', 'overdue']),
}) satisfies z.ZodType<ReminderItem>;

export const RitualScheduleJson = z.object({
  days: z.array(z.number()),
  minute: z.number(),
  everyOtherWeek: z.boolean(),
  anchor: z.string().optional(),
}) satisfies z.ZodType<RitualSchedule>;

/** Where a message goes in a thread: the conversation and the parent message's ts. */
export const ThreadJson = z.object({ channel: z.string(), ts: z.string() });
