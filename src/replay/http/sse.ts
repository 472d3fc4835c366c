/**
 * Server-sent events framing (WHATWG HTML, "Server-sent events", §9.2): fields are
 * `name: value` lines, a blank line ends the message, and a value may not hold a line
 * break, so multi-line data is sent as one `data:` line per line.
 */
export interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * How a stream names its events: `unnamed` (the default) sends them without `event:`,
 * so that a plain EventSource's `onmessage` sees them (it hears only events named
 * `message`, which is what no name means); `named` names each by its type, for clients
 * that `addEventListener(type)`, as every stream did before.
 */
export const SSE_EVENT_NAMINGS = ['unnamed', 'named'] as const;
export type SseEventNaming = (typeof SSE_EVENT_NAMINGS)[number];

/**
 * The name of the last event of a stream that ends on a problem. Not `error`: EventSource
 * fires an `error` of its own at every lost connection, and a listener could not tell
 * one from the other.
 */
export const SSE_PROBLEM_EVENT = 'parley.error';

export function sseMessage(message: SseMessage): string {
  let frame = '';
  if (message.id !== undefined) frame += `id: ${singleLine('id', message.id)}\n`;
  if (message.event !== undefined) frame += `event: ${singleLine('event', message.event)}\n`;
  for (const line of message.data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/** A comment line (`: text`): clients ignore it; it keeps idle connections and proxies open. */
export function sseComment(text: string): string {
  return `: ${singleLine('comment', text)}\n\n`;
}

/** The reconnection delay an EventSource should use, in milliseconds. */
export function sseRetry(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new Error('An SSE retry is a non-negative integer');
  return `retry: ${ms}\n\n`;
}

function singleLine(field: string, value: string): string {
  // An id with NUL is ignored by clients; a line break would start a new field.
  if (LINE_BREAK.test(value) || value.includes('\0'))
    throw new Error(`An SSE ${field} cannot hold a line break or NUL`);
  return value;
}

/** Whether an Accept header asks for an event stream. */
export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((range) => range.split(';')[0]?.trim().toLowerCase() === 'text/event-stream');
}
