/** What an export holds: rows as the database has them, in domain words. */
export interface ExportDelegation {
  ref: number;
  leaderId: string;
  assigneeId: string;
  title: string;
  success: string | null;
  buffer: string | null;
  stakes: string;
  status: string;
  lesson: string | null;
  dueAt: Date;
  createdAt: Date;
  closedAt: Date | null;
}

export interface ExportCommitment {
  ref: number;
  ownerId: string;
  counterpartId: string | null;
  text: string;
  status: string;
  dueAt: Date;
  createdAt: Date;
  closedAt: Date | null;
}

export interface ExportEntry {
  id: number;
  subject: string;
  subjectRef: number;
  ownerId: string;
  actorId: string;
  action: string;
  toStatus: string;
  note: string | null;
  dueAt: Date | null;
  at: Date;
}

export interface ExportData {
  delegations: ExportDelegation[];
  commitments: ExportCommitment[];
  entries: ExportEntry[];
}
