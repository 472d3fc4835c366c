/**
 * Who asked for a write and as part of what: carried into every appended event's
 * metadata (`correlationId`, `causationId`, `principal`), whichever door it came in by
 * (HTTP, the CLI, the sample loader).
 */
export interface CommandContext {
  readonly correlationId: string;
  readonly causationId?: string;
  readonly principal?: string;
  /** The W3C trace context the write ran in, carried into the events' metadata. */
  readonly traceparent?: string;
  /** A record written from an assisted-coding suggestion: which one, and what the recorder changed. */
  readonly assisted?: AssistedWrite;
}

/** Carried into the events' metadata so an assisted record can be told from a hand-coded one. */
export interface AssistedWrite {
  readonly suggestionId: string;
  /** The record fields the recorder edited before accepting (empty: accepted as suggested). */
  readonly changed: readonly string[];
}
