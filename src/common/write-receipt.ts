/** What a write answers: where its events landed, and whether this call wrote them. */
export interface WriteReceipt {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  /** False when the request repeated something already recorded (a safe retry). */
  readonly created: boolean;
}
