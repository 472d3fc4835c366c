import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import type { EventTypeTable } from '../../event-store/event-types';
import { ACTOR_KINDS, type ActorEventType } from './actor';

const instant = { type: 'string', format: 'date-time' } as const;
const actorId = { type: 'string', pattern: ACTOR_ID_PATTERN.source } as const;

/**
 * The actors capability's event types, declared once: the version each is written at,
 * the upcasters from each older version (none yet), and the JSON Schema of its data now.
 */
export const ACTOR_EVENT_TYPES = {
  ActorRegistered: {
    current: 1,
    upcasters: {},
    schema: {
      title: 'ActorRegistered',
      description: 'An actor was registered with its stable slug id, name, kind and aliases.',
      type: 'object',
      required: ['id', 'name', 'kind', 'aliases'],
      properties: {
        id: actorId,
        name: { type: 'string', minLength: 1 },
        kind: { enum: ACTOR_KINDS },
        aliases: { type: 'array', items: { type: 'string' } },
        country: { type: 'string', pattern: '^[A-Z]{3}$' },
      },
      additionalProperties: false,
    },
  },
  ActorAffiliated: {
    current: 1,
    upcasters: {},
    schema: {
      title: 'ActorAffiliated',
      description: '`actor` belongs to, speaks for or heads `parent` during [from, to).',
      type: 'object',
      required: ['actor', 'parent', 'from'],
      properties: {
        actor: actorId,
        parent: actorId,
        from: instant,
        to: instant,
        role: { type: 'string' },
      },
      additionalProperties: false,
    },
  },
} as const satisfies EventTypeTable<ActorEventType>;
