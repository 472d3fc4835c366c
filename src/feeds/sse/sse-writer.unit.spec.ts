import { EventEmitter } from 'node:events';
import { SseWriter, type SseSink } from './sse-writer';

/** A sink whose buffer is "full" after `capacity` writes until the test drains it. */
class FakeSink extends EventEmitter {
  readonly frames: string[] = [];
  writableNeedDrain = false;
  writableEnded = false;
  destroyed = false;
  constructor(private readonly capacity: number) {
    super();
  }
  write(frame: string): boolean {
    this.frames.push(frame);
    this.writableNeedDrain = this.frames.length >= this.capacity;
    return !this.writableNeedDrain;
  }
  end(frame?: string): this {
    if (frame !== undefined) this.frames.push(frame);
    this.writableEnded = true;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
  drain(): void {
    this.writableNeedDrain = false;
    this.emit('drain');
  }
}

const sinkOf = (sink: FakeSink): SseSink => sink as unknown as SseSink;

describe('SseWriter', () => {
  it('goes on while the sink takes frames, and waits for drain when it is full', async () => {
    const sink = new FakeSink(2);
    const writer = new SseWriter(sinkOf(sink), 1000);
    await expect(writer.write('a')).resolves.toBe('ready');
    const full = writer.write('b');
    sink.drain();
    await expect(full).resolves.toBe('ready');
  });

  it('reports a client that does not drain in time as stalled', async () => {
    const sink = new FakeSink(1);
    const writer = new SseWriter(sinkOf(sink), 10);
    await expect(writer.write('a')).resolves.toBe('stalled');
  });

  it('reports a client that goes away while the buffer is full as closed', async () => {
    const sink = new FakeSink(1);
    const writer = new SseWriter(sinkOf(sink), 1000);
    const pending = writer.write('a');
    sink.destroy();
    await expect(pending).resolves.toBe('closed');
    await expect(writer.write('b')).resolves.toBe('closed');
  });

  it('skips an offered frame (a heartbeat) while the client is behind', () => {
    const sink = new FakeSink(1);
    const writer = new SseWriter(sinkOf(sink), 1000);
    writer.offer('heartbeat 1');
    writer.offer('heartbeat 2');
    expect(sink.frames).toEqual(['heartbeat 1']);
  });

  it('ends with the last frame and drops a client that does not take it in time', async () => {
    const sink = new FakeSink(1);
    const writer = new SseWriter(sinkOf(sink), 1000);
    writer.end('bye', 10);
    expect(sink.frames).toEqual(['bye']);
    await new Promise((resolve) => sink.once('close', resolve));
    expect(sink.destroyed).toBe(true);
  });
});
