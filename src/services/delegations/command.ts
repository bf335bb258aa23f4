/**
 * `/delegate` as typed: new work for someone, or a change to work the leader already gave.
 */
import type { Delegation, PromiseSummary } from '../../domain/delegation';
import { readDelegationContext } from '../../db/delegations';
import { memberFromCache, memberOf, type PersonRef } from '../members';
import { parseDelegateCommand } from '../parse/delegate';
import { parseLeadingPerson } from '../parse/mention';
import type { ServiceDeps } from '../ports';
import { checkChangeableByLeader } from './change';
import { delegateAs, type Delegated } from './delegate';

/** What a leader may do with work they gave, from the command line: `/delegate D-3 edit|reassign @x|cancel why`. */
export type LeaderCommand =
  | {
      kind: 'edit_form';
      delegation: Delegation;
      leaderTz: string;
      assigneeTz: string;
      promises: PromiseSummary[];
    }
  | { kind: 'reassign'; to: PersonRef | null; ref: number }
  | { kind: 'cancel'; ref: number; reason: string };

const LEADER_COMMAND = /^D-(\d{1,9})\s+(edit|change|reassign|cancel)\b\s*(.*)$/is;

export const LEADER_USAGE =
  'To change work you gave: `/delegate D-3 edit`, `/delegate D-3 reassign @person`, or `/delegate D-3 cancel why`.';

/**
 * `/delegate @ana Draft the survey by Friday stakes medium; I'll review your outline by Wednesday`,
 * or `/delegate D-3 edit|reassign @person|cancel why` for work the leader already gave.
 */
export async function delegateFromCommand(
  deps: ServiceDeps,
  c: { teamId: string; leaderId: string; channelId: string; text: string },
): Promise<Delegated | { kind: 'usage'; message: string } | LeaderCommand> {
  const change = LEADER_COMMAND.exec(c.text.trim());
  if (change) {
    const ref = Number(change[1]);
    const verb = change[2].toLowerCase();
    const rest = change[3].trim();
    if (verb === 'cancel') return { kind: 'cancel', ref, reason: rest };
    if (verb === 'reassign') {
      const lead = parseLeadingPerson(rest, LEADER_USAGE);
      if (!lead.ok) return { kind: 'usage', message: `Who should take it on instead? ${LEADER_USAGE}` };
      return { kind: 'reassign', to: lead.value.person, ref };
    }
    return {
      kind: 'edit_form',
      ...(await checkChangeableByLeader(deps, c.teamId, c.leaderId, ref, 'change')),
    };
  }
  // Who it is for does not depend on the leader's zone: with an escaped mention, everything the use
  // case reads (both people, the ladder, the days off, the next reference) comes in one statement.
  // The full parse below decides; the read is used only if it named the same person.
  const lead = parseLeadingPerson(c.text);
  const known =
    lead.ok && lead.value.person.kind === 'id'
      ? {
          ...(await readDelegationContext(
            deps.db,
            c.teamId,
            c.leaderId,
            lead.value.person.userId,
            c.channelId,
            deps.clock.now(),
          )),
          assigneeId: lead.value.person.userId,
          channelId: c.channelId,
        }
      : undefined;
  const leader = known
    ? await memberFromCache(deps, c.teamId, c.leaderId, known.leader)
    : await memberOf(deps, c.teamId, c.leaderId);
  const parsed = parseDelegateCommand(c.text, deps.clock.now(), leader.tz);
  if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
  const p = parsed.value;
  const result = await delegateAs(
    deps,
    leader,
    {
      teamId: c.teamId,
      leaderId: c.leaderId,
      channelId: c.channelId,
      assignee: p.person,
      title: p.task,
      success: null,
      buffer: null,
      stakes: p.stakes,
      due: p.due,
      dueWasDefault: p.dueWasDefault,
      dueHadTime: p.dueHadTime,
      promises: p.promises.map((x) => ({ text: x.text, due: x.due })),
      requireBufferOnJump: false,
    },
    known,
  );
  return { kind: 'delegated', result };
}
