import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/event-store/event-store.port';
import { RECORD_CREATED_TYPES } from '../../src/records/domain/dyad';

/**
 * A `StatementRecorded` event as parley writes it, for tests that fill a log directly
 * (faster than through the API, or on purpose past it).
 */
export function statementEvent(fields: {
  source: string;
  target: string;
  occurredAt: string;
  quote?: string;
  code?: string;
  tone?: number;
}): NewEvent {
  const { quote = 'A statement', ...rest } = fields;
  return {
    id: randomUUID(),
    type: RECORD_CREATED_TYPES.statement,
    data: {
      recordId: randomUUID(),
      kind: 'statement',
      precision: 'instant',
      quote,
      citation: { outlet: 'Test', title: 'Test' },
      topics: [],
      ...rest,
    },
    metadata: { schemaVersion: 2, correlationId: 'test' },
  };
}
