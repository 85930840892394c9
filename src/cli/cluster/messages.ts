// What a cluster's primary and its workers say to each other over node:cluster's IPC channel.
// Anything the primary must gather from its workers (per-worker counters to add up) travels
// here too, as another message type.

/** The primary to one worker: run the periodic clean-up (one process per cluster does). */
export interface SweepMessage {
  type: 'latchkey:sweep';
}

export type PrimaryMessage = SweepMessage;

export const SWEEP: SweepMessage = { type: 'latchkey:sweep' };

export function isPrimaryMessage(message: unknown): message is PrimaryMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === SWEEP.type;
}
