/**
 * Announcements: the typed facts a use case emits when something happened that people should hear
 * about ("D-4 was given to Ana", "a loss was recorded", "C-7 is due for Lea"). They speak the domain,
 * never Slack: `messages/` alone decides who hears of each, in which conversation, when, and how it
 * looks. A use case hands them over inside its own transaction, so the change and its messages commit
 * together.
 */
import type { Commitment } from './commitment';
import type { ClosedOutcome, Delegation, PromiseSummary } from './delegation';
import type { Member } from './member';
import type { ReminderItem } from './reminders';
import type { Ritual, RitualKind, RitualSchedule } from './ritual';
import type { Ladder } from './stakes';

/** Every announcement is about one workspace. */
export type Announcement = { teamId: string } &
  // the trust loop
  (
    | { type: 'delegation_given'; delegation: Delegation; promises: PromiseSummary[]; assignee: Member }
    | { type: 'delegation_accepted'; delegation: Delegation }
    | { type: 'change_requested'; delegation: Delegation; note: string; requestKey: string; leader: Member }
    | { type: 'buffer_added'; delegation: Delegation; entryId: number }
    | { type: 'delegation_closed'; delegation: Delegation; ladder: Ladder; leader: Member }
    | {
        type: 'delegation_edited';
        before: Delegation;
        after: Delegation;
        promises: PromiseSummary[];
        assignee: Member;
      }
    | {
        type: 'delegation_reassigned';
        before: Delegation;
        after: Delegation;
        promises: PromiseSummary[];
        previous: Member;
        assignee: Member;
      }
    | { type: 'delegation_cancelled'; delegation: Delegation; assignee: Member }
    | { type: 'outcome_acknowledged'; delegation: Delegation; note: string }
    // the say/do ledger
    | { type: 'promise_made'; commitment: Commitment; counterpart: Member | null }
    | {
        type: 'promise_kept';
        commitment: Commitment;
        owner: Member;
        counterpart: Member | null;
        entryId: number;
      }
    | { type: 'promise_owned_as_missed'; commitment: Commitment; note: string | null }
    | {
        type: 'promise_moved';
        before: Commitment;
        after: Commitment;
        reason: string | null;
        counterpart: Member | null;
      }
    | {
        type: 'confirmation_answered';
        commitment: Commitment;
        answer: 'yes' | 'not_yet';
        entryId: number;
        owner: Member;
      }
    | { type: 'promise_released'; commitment: Commitment }
    | { type: 'promise_missed'; commitment: Commitment }
    | { type: 'promise_left_unconfirmed'; commitment: Commitment }
    // nudges and rituals
    | { type: 'reminders_due'; userId: string; windowKey: string; items: ReminderItem[] }
    | { type: 'reminders_snoozed'; userId: string; bundleId: number; until: Date; items: ReminderItem[] }
    | { type: 'weekly_note_due'; userId: string; week: string }
    | {
        type: 'ritual_changed';
        channelId: string;
        kind: RitualKind;
        by: string;
        change: 'set' | 'rescheduled' | 'paused' | 'resumed' | 'off';
        schedule: { schedule: RitualSchedule; tz: string } | null;
      }
    | { type: 'ritual_due'; ritual: Ritual; occurrenceKey: string; late: boolean; outcomes: ClosedOutcome[] }
    | {
        type: 'retro_lesson_added';
        userId: string;
        retro: { channel: string; ts: string };
        lesson: string;
        submissionKey: string;
      }
    | { type: 'home_opened'; userId: string }
    // your data
    | {
        type: 'export_requested';
        userId: string;
        scope: 'self' | 'workspace';
        tz: string;
        requestKey: string;
      }
    // Workflow Builder steps
    | {
        /**
         * A workflow step did its work: it is to be completed with these outputs, after the message it
         * links to (if any) has gone out — `link` names that message and the output its permalink fills.
         */
        type: 'workflow_step_done';
        executionId: string;
        outputs: Record<string, string | number>;
        link: { output: string; message: 'assignee_dm' | 'celebration'; delegation: Delegation } | null;
      }
    | {
        /** The export's rows are queued: its progress message is to be brought up to date after them. */
        type: 'export_queued';
        userId: string;
        requestKey: string;
      }
  );

export type AnnouncementType = Announcement['type'];
