/**
 * The export as one CSV file with a `kind` column (delegation, commitment, ledger): one file opens in
 * any spreadsheet, where a zip of three would need unpacking first. Times in UTC (ISO 8601) and in the
 * reader's zone. Written here rather than with a CSV library: quoting RFC 4180 fields is a dozen lines
 * and the whole file is built in memory once.
 */
import { DateTime } from 'luxon';
import type { ExportData } from '../domain/export';
import { commitmentRef, delegationRef } from './format';

export const EXPORT_COLUMNS = [
  'kind',
  'ref',
  'entry_id',
  'action',
  'status',
  'leader_or_owner',
  'assignee_or_counterpart',
  'actor',
  'text',
  'success',
  'safety_net',
  'lesson',
  'stakes',
  'due_utc',
  'due_local',
  'at_utc',
  'at_local',
  'closed_utc',
  'closed_local',
] as const;
type Column = (typeof EXPORT_COLUMNS)[number];

/**
 * One field, quoted when it must be. A field a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) gets a leading apostrophe: an export must never execute what someone typed.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const utc = (d: Date | null) => (d ? d.toISOString() : '');
const local = (d: Date | null, tz: string) =>
  d ? (DateTime.fromJSDate(d, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '') : '';

export function exportCsv(data: ExportData, tz: string): string {
  const rows: Partial<Record<Column, string>>[] = [];
  for (const d of data.delegations)
    rows.push({
      kind: 'delegation',
      ref: delegationRef(d.ref),
      status: d.status,
      leader_or_owner: d.leaderId,
      assignee_or_counterpart: d.assigneeId,
      text: d.title,
      success: d.success ?? '',
      safety_net: d.buffer ?? '',
      lesson: d.lesson ?? '',
      stakes: d.stakes,
      due_utc: utc(d.dueAt),
      due_local: local(d.dueAt, tz),
      at_utc: utc(d.createdAt),
      at_local: local(d.createdAt, tz),
      closed_utc: utc(d.closedAt),
      closed_local: local(d.closedAt, tz),
    });
  for (const c of data.commitments)
    rows.push({
      kind: 'commitment',
      ref: commitmentRef(c.ref),
      status: c.status,
      leader_or_owner: c.ownerId,
      assignee_or_counterpart: c.counterpartId ?? '',
      text: c.text,
      due_utc: utc(c.dueAt),
      due_local: local(c.dueAt, tz),
      at_utc: utc(c.createdAt),
      at_local: local(c.createdAt, tz),
      closed_utc: utc(c.closedAt),
      closed_local: local(c.closedAt, tz),
    });
  for (const e of data.entries)
    rows.push({
      kind: 'ledger',
      ref: e.subject === 'delegation' ? delegationRef(e.subjectRef) : commitmentRef(e.subjectRef),
      entry_id: String(e.id),
      action: e.action,
      status: e.toStatus,
      leader_or_owner: e.ownerId,
      actor: e.actorId,
      text: e.note ?? '',
      due_utc: utc(e.dueAt),
      due_local: local(e.dueAt, tz),
      at_utc: utc(e.at),
      at_local: local(e.at, tz),
    });
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const r of rows) lines.push(EXPORT_COLUMNS.map((col) => csvField(r[col] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
