import type { RecordedEvent } from '../../event-store/event-store.port';
import type { StreamModel } from '../../event-store/run-stream-command';
import { evolveActor, initialActorState, type ActorEvent, type ActorState } from './actor';

const ACTOR_EVENT_TYPES: readonly string[] = ['ActorRegistered', 'ActorAffiliated'];

export const actorModel: StreamModel<ActorState, ActorEvent> = {
  initial: initialActorState,
  evolve: evolveActor,
  accept: (event: RecordedEvent) =>
    ACTOR_EVENT_TYPES.includes(event.type)
      ? ({ type: event.type, data: event.data } as ActorEvent)
      : undefined,
};
