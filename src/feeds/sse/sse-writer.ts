import type { ServerResponse } from 'node:http';

/** What the writer needs of an HTTP response (a test may hand it any writable alike). */
export type SseSink = Pick<
  ServerResponse,
  'write' | 'end' | 'once' | 'off' | 'destroy' | 'writableNeedDrain' | 'writableEnded' | 'destroyed'
>;

/**
 * - `ready`: the frame is written and the sink takes more;
 * - `stalled`: the frame is written but the client did not read it within the drain
 *   timeout: it is a slow consumer, and the feed gives up on it;
 * - `closed`: the client has gone; nothing was written.
 */
export type WriteOutcome = 'ready' | 'stalled' | 'closed';

/**
 * Writes SSE frames through Node's stream backpressure, so that a client that reads
 * slowly holds at most the socket's buffers, never a growing queue: when a write says
 * the buffer is full, the next frame waits for 'drain', and only so long.
 */
export class SseWriter {
  constructor(
    private readonly sink: SseSink,
    private readonly drainTimeoutMs: number,
  ) {}

  get closed(): boolean {
    return this.sink.destroyed || this.sink.writableEnded;
  }

  /** Writes a frame, then waits until the client has read enough to take the next one. */
  async write(frame: string): Promise<WriteOutcome> {
    if (this.closed) return 'closed';
    if (this.sink.write(frame)) return 'ready';
    return this.drained();
  }

  /** A frame worth sending only when it can go at once (a heartbeat): skipped while the client is behind. */
  offer(frame: string): void {
    if (!this.closed && !this.sink.writableNeedDrain) this.sink.write(frame);
  }

  /**
   * Ends the response with an optional last frame. A client that still does not read
   * gets `flushMs` to take what is buffered; then its connection is dropped, so a
   * stalled client holds no socket for ever.
   */
  end(lastFrame: string | undefined, flushMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => this.sink.destroy(), flushMs);
    timer.unref();
    this.sink.once('close', () => clearTimeout(timer));
    this.sink.end(lastFrame);
  }

  private drained(): Promise<WriteOutcome> {
    return new Promise((resolve) => {
      const settle = (outcome: WriteOutcome): void => {
        clearTimeout(timer);
        this.sink.off('drain', onDrain);
        this.sink.off('close', onClose);
        resolve(outcome);
      };
      const onDrain = (): void => settle('ready');
      const onClose = (): void => settle('closed');
      const timer = setTimeout(() => settle('stalled'), this.drainTimeoutMs);
      this.sink.once('drain', onDrain);
      this.sink.once('close', onClose);
    });
  }
}
