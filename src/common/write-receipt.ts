/** What a write answers: where its events landed, and whether this call wrote them. */
export interface WriteReceipt {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  /** False when the request repeated something already recorded (a safe retry). */
  readonly created: boolean;
}

/** The receipt of a write that appended events. */
export function appendedReceipt(
  id: string,
  stream: string,
  appended: { nextExpectedRevision: number; position: string },
): WriteReceipt {
  return {
    id,
    stream,
    revision: appended.nextExpectedRevision,
    position: appended.position,
    created: true,
  };
}
