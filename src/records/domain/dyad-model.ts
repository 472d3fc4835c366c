import type { StreamModel } from '../../event-store/run-stream-command';
import { evolveDyad, initialDyadState, type DyadEvent, type DyadState } from './dyad';
import { asDyadEvent } from './dyad-event';

export const dyadModel: StreamModel<DyadState, DyadEvent> = {
  initial: initialDyadState,
  evolve: evolveDyad,
  accept: asDyadEvent,
  // Every dyad event is about one record: a decision reads only that record's events.
  subjectOf: (event) => event.data.recordId,
};
