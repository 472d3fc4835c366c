import type { RecordedEvent } from '../../event-store/event-store.port';
import { DYAD_EVENT_TYPES, type DyadEvent } from './dyad';

/** Narrows a stored event to the dyad events this code knows, or undefined. */
export function asDyadEvent(event: Pick<RecordedEvent, 'type' | 'data'>): DyadEvent | undefined {
  return (DYAD_EVENT_TYPES as readonly string[]).includes(event.type)
    ? ({ type: event.type, data: event.data } as DyadEvent)
    : undefined;
}
