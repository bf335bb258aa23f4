/** What a person reads about their data: the forget-me confirmation, and what happened after. */
import type { View } from '@slack/types';
import type { ForgetPlan } from '../services/forget-me';
import { Views } from '../slack/ids';
import { mention, plural } from './format';
import { context, notice, section, type MessageView } from './message';

export interface ForgetMeta {
  personId: string;
}

/** The confirmation: exactly what is erased, what is kept, and what is Slack's. */
export function forgetModal(p: ForgetPlan): View {
  const whose = p.self ? 'your' : `${mention(p.personId)}’s`;
  const f = p.footprint;
  return {
    type: 'modal',
    callback_id: Views.forgetMe,
    private_metadata: JSON.stringify({ personId: p.personId } satisfies ForgetMeta),
    title: { type: 'plain_text', text: p.self ? 'Forget me' : 'Forget someone' },
    submit: { type: 'plain_text', text: 'Erase' },
    close: { type: 'plain_text', text: 'Keep it' },
    blocks: [
      section(
        `*This erases ${whose} data in Trustloop, for good.* It is in ${plural(f.delegations, 'delegation')}, ${plural(f.commitments, 'promise')} and ${plural(f.entries, 'ledger entry', 'ledger entries')}.`,
      ),
      section(
        '*Erased:* the name and profile Trustloop keeps, working hours, and everything written: task titles, success criteria and safety nets of work given, lessons, notes, promises, change requests, cancel reasons. Open work ends without counting against anyone: promises are released, delegations cancelled.',
      ),
      section(
        '*Kept, without the name:* the ledger entries themselves, so everyone else’s say/do and trust ladder stay right — a kept promise to this person still counts for the one who kept it. In history the person reads as “a former teammate”.',
      ),
      context(
        'Messages Trustloop already posted in Slack are Slack’s, not ours: delete them in Slack if you wish. The erasure is recorded (when, and who asked), never what was erased.',
      ),
    ],
  };
}

/** Replaces the confirmation once done. */
export function forgottenView(erased: boolean, self: boolean): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Done' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      section(
        erased
          ? self
            ? ':wastebasket: Done — Trustloop no longer knows your name or anything you wrote. Thank you for the work you did with your team.'
            : ':wastebasket: Done — Trustloop no longer knows their name or anything they wrote.'
          : 'There was nothing left to erase: it was already done.',
      ),
    ],
  };
}

/** Said with the export file. */
export function exportComment(scope: 'self' | 'workspace', rows: number, tz: string): string {
  return `:package: ${scope === 'self' ? 'Your Trustloop data' : 'This workspace’s Trustloop data'}: ${plural(rows, 'row')} — delegations, promises and every ledger entry, one CSV with a \`kind\` column. Times are in UTC and in your zone (${tz}).`;
}

/** The answer to `/ledger export`: it is on its way. */
export function exportQueued(scope: 'self' | 'workspace'): string {
  return `:package: I’m putting ${scope === 'self' ? 'your data' : 'this workspace’s data'} together — it will arrive as a CSV file in your DM with me in a moment.`;
}

/** Where an export stands, in the DM it will arrive in: posted first, updated in place once it is sent. */
export type ExportProgress = 'preparing' | 'ready' | 'failed';

export function exportProgress(scope: 'self' | 'workspace', state: ExportProgress): MessageView {
  const what = scope === 'self' ? 'your data' : 'this workspace’s data';
  const What = scope === 'self' ? 'Your data' : 'This workspace’s data';
  switch (state) {
    case 'preparing':
      return notice(`:hourglass_flowing_sand: Putting ${what} together — the file will arrive right here.`);
    case 'ready':
      return notice(`:white_check_mark: ${What} is ready — the file is just below.`);
    case 'failed':
      return notice(
        `:warning: Sorry — I couldn’t put ${what} together this time. \`/ledger export${scope === 'self' ? '' : ' workspace'}\` tries again.`,
      );
  }
}
