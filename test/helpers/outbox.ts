import type { OutboxMessage } from '../../src/db/outbox';

/** The tests' clock start for outbox rows, and an instant `ms` after it. */
export const T0 = new Date('2026-11-25T10:00:00Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

/** A plain queued post in workspace T1, its text its key. */
export const msg = (key: string, channelKey: string, notBefore = T0): OutboxMessage => ({
  teamId: 'T1',
  key,
  method: 'chat.postMessage',
  payload: { channel: channelKey, text: key },
  channelKey,
  notBefore,
});
