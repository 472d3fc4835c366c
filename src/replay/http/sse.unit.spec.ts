import { acceptsEventStream, sseComment, sseMessage, sseRetry } from './sse';

describe('SSE framing', () => {
  it('writes id, event and data lines and a blank line', () => {
    expect(sseMessage({ id: '0a', event: 'ThreatIssued', data: '{"a":1}' })).toBe(
      'id: 0a\nevent: ThreatIssued\ndata: {"a":1}\n\n',
    );
    expect(sseMessage({ data: '' })).toBe('data: \n\n');
  });

  it('sends multi-line data as one data line per line', () => {
    expect(sseMessage({ data: 'one\ntwo\r\nthree' })).toBe('data: one\ndata: two\ndata: three\n\n');
  });

  it('refuses an id or event with a line break', () => {
    expect(() => sseMessage({ id: 'a\nb', data: '' })).toThrow(/line break/);
    expect(() => sseMessage({ event: 'a\rb', data: '' })).toThrow(/line break/);
  });

  it('writes comments and the retry delay as frames of their own', () => {
    expect(sseComment('heartbeat 2025-01-01T00:00:00.000Z')).toBe(
      ': heartbeat 2025-01-01T00:00:00.000Z\n\n',
    );
    expect(() => sseComment('a\nb')).toThrow(/line break/);
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
    expect(() => sseRetry(-1)).toThrow(/non-negative/);
  });

  it('recognises an Accept header that asks for an event stream', () => {
    expect(acceptsEventStream('text/event-stream')).toBe(true);
    expect(acceptsEventStream('application/json, Text/Event-Stream;q=0.9')).toBe(true);
    expect(acceptsEventStream('*/*')).toBe(false);
    expect(acceptsEventStream(undefined)).toBe(false);
  });
});
