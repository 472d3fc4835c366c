import { ACTOR_EVENT_TYPES } from '../actors';
import { EventTypeRegistry } from '../event-store/event-types';
import { RECORD_EVENT_TYPES } from '../records';

/** Every event type parley writes: each capability's table, combined here and only here. */
export type ParleyEventType = keyof typeof ACTOR_EVENT_TYPES | keyof typeof RECORD_EVENT_TYPES;

/** The registry the event store, the feeds and the schema catalogue read event types from. */
export const PARLEY_EVENT_TYPES = new EventTypeRegistry([ACTOR_EVENT_TYPES, RECORD_EVENT_TYPES]);
