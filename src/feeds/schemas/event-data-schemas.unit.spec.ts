import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { positionOf } from '../../event-store/position';
import { CURRENT_SCHEMA_VERSION, upcast } from '../../event-store/upcasting/event-schemas';
import { EVENT_DATA_SCHEMAS } from './event-data-schemas';
import { schemaDocument, schemaIndex, schemaUrl, typeOfSchemaFile } from './schema-catalog';

const ORIGIN = 'http://parley.test';
const FIXTURES = join(__dirname, '../../../test/fixtures/events');

function compiledSchemas(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const type of Object.keys(EVENT_DATA_SCHEMAS) as (keyof typeof EVENT_DATA_SCHEMAS)[])
    ajv.addSchema(schemaDocument(ORIGIN, type));
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
  it('cover every event type, at the version the upcaster table writes now', () => {
    expect(
      Object.fromEntries(
        Object.entries(EVENT_DATA_SCHEMAS).map(([type, s]) => [type, s.schemaVersion]),
      ),
    ).toEqual(CURRENT_SCHEMA_VERSION);
  });

  it('compile as strict JSON Schema 2020-12', () => {
    expect(() => compiledSchemas()).not.toThrow();
  });

  it('accept the fixture events in their current shape, and refuse a broken one', () => {
    const ajv = compiledSchemas();
    const events = fixtureEvents();
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const validate = ajv.getSchema(schemaUrl(ORIGIN, event.type) ?? '');
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

  it('are listed and found by file name', () => {
    expect(schemaIndex(ORIGIN).find((e) => e.type === 'ThreatIssued')).toEqual({
      type: 'ThreatIssued',
      cloudEventType: 'org.parley.ThreatIssued',
      schemaVersion: 2,
      url: 'http://parley.test/schemas/ThreatIssued.json',
    });
    expect(typeOfSchemaFile('ThreatIssued.json')).toBe('ThreatIssued');
    expect(typeOfSchemaFile('toString.json')).toBeUndefined();
    expect(typeOfSchemaFile('Nothing.json')).toBeUndefined();
    expect(schemaUrl(ORIGIN, 'SomethingElse')).toBeUndefined();
  });
});
