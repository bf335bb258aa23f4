export type CommitmentStatus = 'open' | 'kept' | 'missed' | 'released';
export type Confirmation = 'pending' | 'confirmed' | 'unconfirmed';

/** A promise with a due date (`C-n`), owned by one person, optionally owed to another (the counterpart). */
export interface Commitment {
  teamId: string;
  ref: number;
  ownerId: string;
  counterpartId: string | null;
  delegationRef: number | null;
  text: string;
  dueAt: Date;
  originalDueAt: Date;
  status: CommitmentStatus;
  timesMoved: number;
  confirmation: Confirmation | null;
  keptOnTime: boolean | null;
  closedAt: Date | null;
  createdAt: Date;
}

/** A change of a commitment's current state (the ledger entry beside it says why). */
export interface CommitmentChange {
  status?: CommitmentStatus;
  dueAt?: Date;
  timesMoved?: number;
  confirmation?: Confirmation | null;
  keptOnTime?: boolean | null;
  closedAt?: Date | null;
}
