/**
 * A catch-up subscription on one `Read` call: confirmation, the events already in the log
 * after the start, `caught_up`, then live events as they are appended.
 *
 * There is no separate live phase to hand over to: the subscription keeps a cursor (the
 * position of the last event it looked at) and, whenever it may write, takes the log's
 * next event after the cursor. New appends only wake it up. So the historical and the
 * live part are one walk over the log, which cannot leave a gap or send an event twice,
 * and a slow client (gRPC back-pressure) just pauses the walk.
 */
import { randomUUID } from 'node:crypto';
import type { ServerWritableStream, StatusObject } from '@grpc/grpc-js';
import type { ReadReq } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { InMemoryLog, LogPosition, StoredEvent } from './log';
import { readEventResponse } from './protocol';

/**
 * What to walk. Start positions are exclusive, as the docs warn: "The positions provided
 * to the subscriptions are exclusive. You will only receive the next event after the
 * subscribed position." (https://developers.eventstore.com/clients/grpc/subscriptions.html#subscribing-from-a-specific-position)
 */
export type SubscriptionSource =
  | {
      readonly kind: 'all';
      /** Deliver the events after this position; undefined: from the start of the log. */
      readonly after: bigint | LogPosition | undefined;
      readonly filter?: SubscriptionFilter;
    }
  | {
      readonly kind: 'stream';
      readonly stream: string;
      /** Deliver the stream's events after this log position; undefined: from its start. */
      readonly after: bigint | undefined;
      /** And only those after this revision (a `fromRevision` start, exclusive). */
      readonly afterRevision?: bigint;
    };

export interface SubscriptionFilter {
  readonly matches: (event: StoredEvent) => boolean;
  /** Send a checkpoint every this many events scanned (matching or not). */
  readonly checkpointInterval: number;
}

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

export class Subscription {
  private cursor: bigint | LogPosition | undefined;
  /** A stream subscription's start revision, until an event after it has been found. */
  private afterRevision: bigint | undefined;
  private closed = false;
  private waitingForDrain = false;
  private pumping = false;
  private caughtUp = false;
  private scannedSinceCheckpoint = 0;
  private sentSincePause = 0;
  private paused = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly call: ReadCall,
    private readonly log: InMemoryLog,
    private readonly source: SubscriptionSource,
    private readonly structuredIds: boolean,
    private readonly onClose: () => void,
  ) {
    this.cursor = source.after;
    this.afterRevision = source.kind === 'stream' ? source.afterRevision : undefined;
    this.stopListening = log.onAppend(() => this.pump());
    call.on('cancelled', () => this.close());
    call.on('close', () => this.close());
    call.on('error', () => this.close());
    this.send(
      new ReadResp().setConfirmation(
        new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
      ),
    );
    this.pump();
  }

  /** Ends the call with `status` (e.g. UNAVAILABLE when the test drops connections). */
  abort(status: Partial<StatusObject>): void {
    if (this.closed) return;
    this.close();
    this.call.emit('error', status);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.onClose();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed && !this.waitingForDrain && !this.paused) {
        if (this.pauseIfPaced()) return;
        const next = this.next();
        if (!next) {
          if (!this.caughtUp) {
            // The proto the client ships has `caught_up` (and the client emits "caughtUp"),
            // so the end of the historical part is announced once, as recent servers do.
            this.caughtUp = true;
            this.send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
          }
          return;
        }
        this.cursor = next.position;
        this.sentSincePause += 1;
        this.deliver(next);
      }
    } finally {
      this.pumping = false;
    }
  }

  private pauseIfPaced(): boolean {
    const pace = this.log.pace;
    if (!pace || this.sentSincePause < pace.every) return false;
    this.sentSincePause = 0;
    this.paused = true;
    setTimeout(() => {
      this.paused = false;
      this.pump();
    }, pace.delayMs);
    return true;
  }

  private next(): StoredEvent | undefined {
    const source = this.source;
    if (source.kind === 'all') return this.log.nextInAll(this.cursor);
    for (;;) {
      const event = this.log.nextInStream(source.stream, this.cursor);
      if (!event) return undefined;
      if (this.afterRevision === undefined || event.revision > this.afterRevision) {
        // From here on the cursor alone says where the subscription is (so that after a
        // `reset()`, whose streams start again at revision 0, it still sees new events).
        this.afterRevision = undefined;
        return event;
      }
      this.cursor = event.position;
    }
  }

  /**
   * Sends one event, and for a filtered `$all` subscription the checkpoints: "The
   * checkpoint interval parameter configures the database to notify the client after
   * `n` * 32 number of events" (https://developers.eventstore.com/clients/grpc/subscriptions.html#checkpointing),
   * 32 being the default search window; a `maxSearchWindow` the client sets replaces it
   * (the client's `checkpointInterval` travels as the interval *multiplier*). Events are
   * counted as the server scans them, matching or not, so a filter that matches nothing
   * still moves its reader's checkpoint. A checkpoint carries the position of the last
   * event scanned: every event up to it has been sent, so resuming from it (exclusive)
   * neither skips nor repeats one.
   */
  private deliver(event: StoredEvent): void {
    const filter = this.source.kind === 'all' ? this.source.filter : undefined;
    if (!filter || filter.matches(event)) {
      this.send(readEventResponse(event, this.structuredIds));
    }
    if (!filter) return;
    this.scannedSinceCheckpoint += 1;
    if (this.scannedSinceCheckpoint >= filter.checkpointInterval) {
      this.scannedSinceCheckpoint = 0;
      this.send(
        new ReadResp().setCheckpoint(
          new ReadResp.Checkpoint()
            .setCommitPosition(event.position.toString())
            .setPreparePosition(event.position.toString()),
        ),
      );
    }
  }

  private send(message: ReadResp): void {
    if (this.closed) return;
    if (!this.call.write(message) && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.call.once('drain', () => {
        this.waitingForDrain = false;
        this.pump();
      });
    }
  }
}
