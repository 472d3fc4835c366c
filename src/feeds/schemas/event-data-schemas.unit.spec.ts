import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { positionOf } from '../../event-store/position';
import { PARLEY_EVENT_TYPES as TYPES } from '../../app/parley-event-types';
import { DYAD_EVENT_TYPES } from '../../records/domain/dyad';
import { schemaDocument, schemaIndex, schemaUrl, typeOfSchemaFile } from './schema-catalog';

const upcast = (event: RecordedEvent): RecordedEvent => TYPES.upcast(event);

const ORIGIN = 'http://parley.test';
const FIXTURES = join(__dirname, '../../../test/fixtures/events');

function compiledSchemas(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const type of TYPES.types()) ajv.addSchema(schemaDocument(TYPES, ORIGIN, type) ?? {});
  return ajv;
}

/** The fixture events (versions 1 and 2 of the record events), upcast as every read does. */
function fixtureEvents(): RecordedEvent[] {
  return ['record-events.v1.ndjson', 'record-events.v2.ndjson'].flatMap((file) =>
    readFileSync(join(FIXTURES, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        const stored = JSON.parse(line) as Pick<
          RecordedEvent,
          'stream' | 'type' | 'data' | 'metadata'
        >;
        return upcast({
          ...stored,
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          revision: i,
          position: positionOf(BigInt(i + 1)),
          recordedAt: '2025-01-01T00:00:00.000Z',
        });
      }),
  );
}

describe('event data schemas', () => {
  it('cover every event type the capabilities write, each declared once', () => {
    expect(TYPES.types()).toEqual(
      [...DYAD_EVENT_TYPES, 'ActorRegistered', 'ActorAffiliated'].sort(),
    );
    for (const type of TYPES.types())
      expect(schemaDocument(TYPES, ORIGIN, type)).toMatchObject({ title: type });
  });

  it('compile as strict JSON Schema 2020-12', () => {
    expect(() => compiledSchemas()).not.toThrow();
  });

  it('accept the fixture events in their current shape, and refuse a broken one', () => {
    const ajv = compiledSchemas();
    const events = fixtureEvents();
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const validate = ajv.getSchema(schemaUrl(TYPES, ORIGIN, event.type) ?? '');
      expect(validate).toBeDefined();
      expect([event.type, validate?.(event.data), ajv.errorsText(validate?.errors)]).toEqual([
        event.type,
        true,
        'No errors',
      ]);
    }
    const statement = ajv.getSchema(`${ORIGIN}/schemas/StatementRecorded.json`);
    const created = events.find((e) => e.type === 'StatementRecorded');
    const data = created?.data as Record<string, unknown>;
    expect(statement?.(data)).toBe(true);
    expect(statement?.({ ...data, tone: 11 })).toBe(false);
    expect(statement?.({ ...data, threat: { instrument: 'tariff' } })).toBe(false);
    expect(statement?.({ ...data, citation: 'NBC | a title' })).toBe(false);
  });

  it('take a record from a dataset without its quote, and hold every other record to one', () => {
    const ajv = compiledSchemas();
    const schema = (type: string) => ajv.getSchema(`${ORIGIN}/schemas/${type}.json`);
    const fields = {
      recordId: '00000000-0000-4000-8000-000000000001',
      source: 'usa',
      target: 'rus',
      occurredAt: '2025-03-30T00:00:00Z',
      precision: 'day',
      citation: { outlet: 'GDELT 2.0', title: 'Event 1234567890' },
      topics: [],
    };
    const origin = { dataset: 'gdelt2', id: '1234567890', quadClass: 4, intensity: -9.5 };
    expect(schema('ActionRecorded')?.({ ...fields, kind: 'action', origin })).toBe(true);
    expect(schema('ActionRecorded')?.({ ...fields, kind: 'action', quote: 'x' })).toBe(true);
    expect(schema('ActionRecorded')?.({ ...fields, kind: 'action' })).toBe(false);
    expect(schema('DenialIssued')?.({ ...fields, kind: 'denial', origin })).toBe(true);
    expect(schema('DenialIssued')?.({ ...fields, kind: 'denial', quote: 'x' })).toBe(false);
    expect(schema('StatementRecorded')?.({ ...fields, kind: 'statement' })).toBe(false);
    expect(
      schema('ActionRecorded')?.({
        ...fields,
        kind: 'action',
        origin: { ...origin, quadClass: 5 },
      }),
    ).toBe(false);
  });

  it('are listed and found by file name', () => {
    expect(schemaIndex(TYPES, ORIGIN).find((e) => e.type === 'ThreatIssued')).toEqual({
      type: 'ThreatIssued',
      cloudEventType: 'org.parley.ThreatIssued',
      schemaVersion: 2,
      url: 'http://parley.test/schemas/ThreatIssued.json',
    });
    expect(typeOfSchemaFile(TYPES, 'ThreatIssued.json')).toBe('ThreatIssued');
    expect(typeOfSchemaFile(TYPES, 'toString.json')).toBeUndefined();
    expect(typeOfSchemaFile(TYPES, 'Nothing.json')).toBeUndefined();
    expect(schemaUrl(TYPES, ORIGIN, 'SomethingElse')).toBeUndefined();
  });
});
