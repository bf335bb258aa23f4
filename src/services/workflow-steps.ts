/**
 * Workflow Builder steps: each one runs the same use case as its command (/delegate, /commit, /outcome,
 * the say/do figures behind /ledger), with the same rules, ledger and messages. A step that changes
 * something records its execution in the same transaction (a redelivered event then writes nothing)
 * and is completed through the outbox, after the message its outputs link to.
 */
import { getCommitment } from '../db/commitments';
import { getDelegation } from '../db/delegations';
import { getFunctionExecution, recordFunctionExecution, type StepOutputs } from '../db/function-executions';
import type { Announcement } from '../domain/announcements';
import { TEXT_LIMITS } from '../domain/limits';
import { displayName } from '../domain/member';
import { commitmentRef, delegationRef } from '../domain/refs';
import { STAKES, type Stakes } from '../domain/stakes';
import { AppError } from '../errors';
import { closeCommitmentByOwner, makeCommitment } from './commitments';
import { closeDelegation } from './delegations/close';
import { delegateAs } from './delegations/delegate';
import { sayDoFigures } from './ledger-summary';
import { memberOf } from './members';
import { MAX_DUE_YEARS, parseDue, resolveZone } from './parse/due';
import { parseRef } from './parse/ref';
import { asSlackText } from './parse/text';
import type { Announcer, ServiceDeps } from './ports';
import { isoDate, localDateOf } from './schedule/local-time';
import { endOfWorkingDay } from './schedule/working-hours';

/** One run of a step, as Slack's function_executed event gives it. */
export interface StepRun {
  teamId: string;
  executionId: string;
  callbackId: string;
  /** The execution's own token: only it may complete the step. */
  botAccessToken: string;
}

export type StepResult =
  /** The work is done; the step completes through the outbox (after the message it links to). */
  | { kind: 'queued'; outputs: StepOutputs }
  /** Nothing was written; complete the step now with these outputs. */
  | { kind: 'done'; outputs: StepOutputs }
  /** This execution ran before (a redelivered event): nothing more to do. */
  | { kind: 'already_ran'; outputs: StepOutputs }
  /** Refused, nothing written: the step fails with this message, written for the workflow's author. */
  | { kind: 'refused'; message: string };

export interface DelegateStepInputs {
  leader: string;
  assignee: string;
  task: string;
  due: string | number;
  stakes?: string | null;
  success?: string | null;
  buffer?: string | null;
  channel?: string | null;
}

export interface PromiseStepInputs {
  owner: string;
  counterpart?: string | null;
  text: string;
  due: string | number;
}

export interface OutcomeStepInputs {
  reference: string;
  result: string;
  lesson?: string | null;
}

class StepAlreadyRan extends Error {
  override name = 'StepAlreadyRan';
}

class Refusal extends Error {
  override name = 'Refusal';
}

const refuse = (message: string): never => {
  throw new Refusal(message);
};

const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);
const filled = (s: string | null | undefined) => (s ?? '').trim();

/**
 * The due input: Unix seconds (a Workflow Builder timestamp), or a date, a date and time, or words
 * ("Friday 17:00") read in `tz` by the same parser as the commands. `hadTime` false: a day only.
 */
export function readDue(
  input: string | number,
  now: Date,
  tz: string,
): { due: Date; hadTime: boolean } | { error: string } {
  const text = String(input).trim();
  if (/^\d{9,11}(?:\.\d+)?$/.test(text)) {
    const due = new Date(Number(text) * 1000);
    if (due.getTime() <= now.getTime())
      return { error: 'The due time is already behind us: pick a time in the future.' };
    if (due.getTime() > now.getTime() + MAX_DUE_YEARS * 366 * 86_400_000)
      return { error: `The due time is more than ${MAX_DUE_YEARS} years away: pick a nearer one.` };
    return { due, hadTime: true };
  }
  const parsed = parseDue(text, now, tz);
  if (!parsed.ok) {
    const words = text ? `“${text}”` : 'an empty due';
    return {
      error:
        parsed.error.code === 'past'
          ? `The due date ${words} is already behind us: pick a time in the future.`
          : parsed.error.code === 'too_far'
            ? `The due date ${words} is more than ${MAX_DUE_YEARS} years away: pick a nearer one.`
            : `I couldn't read ${words} as a due date. Use a date (2026-12-04), a date and time (2026-12-04 17:00), words such as “Friday 17:00”, or a timestamp.`,
    };
  }
  return { due: parsed.value.due, hadTime: parsed.value.hadTime };
}

/** A person input, read before the use case so a refusal can name them (from the cache when fresh). */
async function personOf(deps: ServiceDeps, teamId: string, userId: string, role: string) {
  if (!/^[UW][A-Z0-9]{2,}$/.test(userId))
    refuse(`The ${role} must be a person picked from Slack (a user id).`);
  try {
    return await memberOf(deps, teamId, userId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'unknown_person')
      refuse(`The ${role} isn't someone in this workspace (was the workflow copied from another one?).`);
    throw err;
  }
}

/**
 * Runs `work` as this step: the execution is recorded in the use case's own transaction, together with
 * the step's completion, as soon as the use case announces what it did; `done` reads the outputs from
 * those announcements. A second delivery of the same execution finds the record and writes nothing.
 */
async function runRecorded(
  deps: ServiceDeps,
  run: StepRun,
  done: (facts: Announcement[]) => Extract<Announcement, { type: 'workflow_step_done' }> | null,
  work: (stepDeps: ServiceDeps) => Promise<unknown>,
): Promise<StepResult> {
  const before = await getFunctionExecution(deps.db, run.teamId, run.executionId);
  if (before) return { kind: 'already_ran', outputs: before.outputs };
  let outputs: StepOutputs | null = null;
  const announce: Announcer = async (tx, facts, now) => {
    const step = outputs === null ? done(facts) : null;
    if (!step) return deps.announce(tx, facts, now);
    const fresh = await recordFunctionExecution(tx, {
      teamId: run.teamId,
      executionId: run.executionId,
      callbackId: run.callbackId,
      botAccessToken: run.botAccessToken,
      outputs: step.outputs,
      at: now,
    });
    // another delivery of this execution committed first: roll this one back
    if (!fresh) throw new StepAlreadyRan();
    outputs = step.outputs;
    const firsts = await deps.announce(tx, [...facts, step], now);
    return firsts.slice(0, facts.length);
  };
  try {
    await work({ ...deps, announce });
  } catch (err) {
    if (err instanceof StepAlreadyRan) {
      const after = await getFunctionExecution(deps.db, run.teamId, run.executionId);
      return { kind: 'already_ran', outputs: after?.outputs ?? {} };
    }
    throw err;
  }
  if (outputs === null) return refuse('Nothing was changed, so there is nothing to report.');
  return { kind: 'queued', outputs };
}

/** Refusals (ours, and the use cases' own) become the step's failure; anything else is thrown. */
async function asStep(
  explain: (err: AppError) => string | null,
  fn: () => Promise<StepResult>,
): Promise<StepResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Refusal) return { kind: 'refused', message: err.message };
    if (err instanceof AppError && err.code !== 'unavailable')
      return { kind: 'refused', message: explain(err) ?? plain(err.userMessage) };
    throw err;
  }
}

/** A use case's message, as plain words for a workflow's author (no Slack markup). */
const plain = (s: string) =>
  s
    .replace(/[*`]/g, '')
    .replace(/<@([A-Z0-9]+)>/g, '$1')
    .trim();

const stakesOf = (s: string | null | undefined): Stakes | null => {
  const v = filled(s).toLowerCase() || 'medium';
  return (STAKES as readonly string[]).includes(v) ? (v as Stakes) : null;
};

/** "Delegate work": the same as `/delegate @ana task by when`, in the leader's name. */
export function delegateStep(deps: ServiceDeps, run: StepRun, i: DelegateStepInputs): Promise<StepResult> {
  let assigneeName = 'The assignee';
  return asStep(
    (err) => {
      switch (err.code) {
        case 'bot_assignee':
          return `${assigneeName} can't take this: bots can't hold delegations. Pick a person as the assignee.`;
        case 'self_delegation':
          return 'The leader and the assignee are the same person: delegating to yourself is a promise — use the “Make a promise” step instead.';
        case 'past':
          return 'The due time is already behind us: pick a time in the future.';
        default:
          return null;
      }
    },
    async () => {
      const task = filled(i.task);
      if (!task) refuse('The task is empty: say what needs doing, in a sentence.');
      if ([...task].length > TEXT_LIMITS.title)
        refuse(
          `The task is longer than ${TEXT_LIMITS.title} characters: keep it to a line and link a doc for the details.`,
        );
      if ([...filled(i.success)].length > TEXT_LIMITS.success)
        refuse(`“What success looks like” is longer than ${TEXT_LIMITS.success} characters.`);
      if ([...filled(i.buffer)].length > TEXT_LIMITS.buffer)
        refuse(`The safety net is longer than ${TEXT_LIMITS.buffer} characters.`);
      const stakes = stakesOf(i.stakes);
      if (!stakes) refuse('Stakes must be small, medium or large.');
      const leader = await personOf(deps, run.teamId, i.leader, 'leader');
      const assignee = await personOf(deps, run.teamId, i.assignee, 'assignee');
      assigneeName = displayName(assignee);
      if (leader.isBot) refuse('The leader must be a person: bots can’t delegate work.');
      const due = readDue(i.due, deps.clock.now(), leader.tz);
      if ('error' in due) return refuse(due.error);
      const channel = filled(i.channel);
      if (!/^[CG][A-Z0-9]{2,}$/.test(channel))
        refuse(
          'Pick the channel that should hear how it went (the “Channel” input), as the /delegate form asks.',
        );
      return runRecorded(
        deps,
        run,
        (facts) => {
          const given = facts.find((f) => f.type === 'delegation_given');
          if (given?.type !== 'delegation_given') return null;
          const d = given.delegation;
          return {
            type: 'workflow_step_done',
            teamId: run.teamId,
            executionId: run.executionId,
            outputs: { reference: delegationRef(d.ref), due_at: unixSeconds(d.dueAt) },
            link: { output: 'dm_permalink', message: 'assignee_dm', delegation: d },
          };
        },
        (stepDeps) =>
          delegateAs(stepDeps, leader, {
            teamId: run.teamId,
            leaderId: leader.userId,
            // where the outcome is celebrated, as the channel a /delegate is typed in
            channelId: channel,
            assignee: { kind: 'id', userId: assignee.userId },
            title: asSlackText(task),
            success: filled(i.success) ? asSlackText(filled(i.success)) : null,
            buffer: filled(i.buffer) ? asSlackText(filled(i.buffer)) : null,
            stakes: stakes!,
            due: due.due,
            dueWasDefault: false,
            dueHadTime: due.hadTime,
            promises: [],
            requireBufferOnJump: false,
          }),
      );
    },
  );
}

/** "Make a promise": the same as `/commit [@who] what by when`, in the owner's name. */
export function promiseStep(deps: ServiceDeps, run: StepRun, i: PromiseStepInputs): Promise<StepResult> {
  return asStep(
    (err) => {
      switch (err.code) {
        case 'bot_counterpart':
          return 'Promises are made to people, not bots: pick a person in “Promised to”, or leave it empty.';
        case 'self_counterpart':
          return 'The promise is made to its own owner: leave “Promised to” empty for a promise to oneself.';
        case 'past':
          return 'The due time is already behind us: pick a time in the future.';
        default:
          return null;
      }
    },
    async () => {
      const text = filled(i.text);
      if (!text) refuse('The promise is empty: say what will be done.');
      if ([...text].length > TEXT_LIMITS.promise)
        refuse(`The promise is longer than ${TEXT_LIMITS.promise} characters: keep it to a line.`);
      const owner = await personOf(deps, run.teamId, i.owner, 'person making the promise');
      if (owner.isBot) refuse('Promises are made by people: the owner is a bot.');
      const counterpartId = filled(i.counterpart);
      if (counterpartId) await personOf(deps, run.teamId, counterpartId, 'person it is promised to');
      const read = readDue(i.due, deps.clock.now(), owner.tz);
      if ('error' in read) return refuse(read.error);
      // a day without a time: the end of the owner's working day on it, as /commit does
      const due = read.hadTime
        ? read.due
        : endOfWorkingDay(isoDate(localDateOf(read.due, resolveZone(owner.tz))), owner);
      return runRecorded(
        deps,
        run,
        (facts) => {
          const made = facts.find((f) => f.type === 'promise_made');
          if (made?.type !== 'promise_made') return null;
          const c = made.commitment;
          return {
            type: 'workflow_step_done',
            teamId: run.teamId,
            executionId: run.executionId,
            outputs: { reference: commitmentRef(c.ref), due_at: unixSeconds(c.dueAt) },
            link: null,
          };
        },
        (stepDeps) =>
          makeCommitment(stepDeps, {
            teamId: run.teamId,
            ownerId: owner.userId,
            counterpart: counterpartId ? { kind: 'id', userId: counterpartId } : null,
            text: asSlackText(text),
            due,
          }),
      );
    },
  );
}

/**
 * "Record an outcome": the same as `/outcome D-12 win|loss lesson` or `/outcome C-7 kept|missed`, in
 * the name of the work's leader (a delegation) or the promise's owner.
 */
export function outcomeStep(deps: ServiceDeps, run: StepRun, i: OutcomeStepInputs): Promise<StepResult> {
  return asStep(
    () => null,
    async () => {
      const ref = parseRef(filled(i.reference));
      if (!ref.ok)
        return refuse(
          `“${filled(i.reference)}” isn't a reference: delegations look like D-12 and promises like C-7.`,
        );
      const result = filled(i.result).toLowerCase();
      const lesson = filled(i.lesson) || null;
      const { prefix, number } = ref.value;
      const name = prefix === 'D' ? delegationRef(number) : commitmentRef(number);
      if (prefix === 'D') {
        if (result !== 'win' && result !== 'loss')
          refuse(`${name} is a delegation: its result is win or loss (kept and missed are for promises).`);
        const d = await getDelegation(deps.db, run.teamId, number);
        if (!d) return refuse(`There is no ${name} in this workspace.`);
        if (d.status !== 'open') return refuse(`${name} is closed already (${d.status}).`);
        if (result === 'loss' && !lesson)
          refuse(
            `A loss needs its lesson: fill in “Lesson” so the team learns from ${name}. Nothing was recorded.`,
          );
        return runRecorded(
          deps,
          run,
          (facts) => {
            const closed = facts.find((f) => f.type === 'delegation_closed');
            if (closed?.type !== 'delegation_closed') return null;
            return {
              type: 'workflow_step_done',
              teamId: run.teamId,
              executionId: run.executionId,
              outputs: {},
              link: {
                output: 'celebration_permalink',
                message: 'celebration',
                delegation: closed.delegation,
              },
            };
          },
          (stepDeps) =>
            closeDelegation(stepDeps, {
              teamId: run.teamId,
              actorId: d.leaderId,
              ref: number,
              result: result as 'win' | 'loss',
              lesson: lesson ? asSlackText(lesson) : null,
            }),
        );
      }
      if (result !== 'kept' && result !== 'missed')
        refuse(`${name} is a promise: its result is kept or missed (win and loss are for delegations).`);
      const c = await getCommitment(deps.db, run.teamId, number);
      if (!c) return refuse(`There is no ${name} in this workspace.`);
      if (c.status !== 'open') return refuse(`${name} is closed already (${c.status}).`);
      return runRecorded(
        deps,
        run,
        (facts) =>
          facts.some((f) => f.type === 'promise_kept' || f.type === 'promise_owned_as_missed')
            ? {
                type: 'workflow_step_done',
                teamId: run.teamId,
                executionId: run.executionId,
                outputs: {},
                link: null,
              }
            : null,
        (stepDeps) =>
          closeCommitmentByOwner(stepDeps, {
            teamId: run.teamId,
            actorId: c.ownerId,
            ref: number,
            result: result as 'kept' | 'missed',
            note: lesson ? asSlackText(lesson) : null,
            actionKey: `workflow_step:${run.executionId}`,
          }),
      );
    },
  );
}

/** "Get a say/do summary": the aggregate figures anyone may see with `/ledger @person`; writes nothing. */
export function sayDoStep(deps: ServiceDeps, run: StepRun, i: { person: string }): Promise<StepResult> {
  return asStep(
    () => null,
    async () => {
      const person = await personOf(deps, run.teamId, i.person, 'person');
      if (person.isBot) refuse('Bots keep no say/do record: pick a person.');
      const { counts, ratio } = await sayDoFigures(deps, run.teamId, person.userId);
      return {
        kind: 'done',
        outputs: {
          ratio: ratio.kind === 'ratio' ? Math.round(ratio.value * 1000) / 1000 : 0,
          kept: counts.keptOnTime + counts.keptLate,
          missed: counts.missed,
          open: counts.open,
        },
      };
    },
  );
}
