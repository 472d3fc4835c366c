import type { RecordedEvent } from '../event-store/event-store.port';
import { positionOf } from '../event-store/position';
import { cloudEventType, cloudEventViolations, toCloudEvent, PARLEY_SOURCE } from './cloud-event';

const event: RecordedEvent = {
  id: '0b7f6f9e-3c1a-4a55-9d57-2f6f3b7e8a10',
  type: 'ThreatIssued',
  stream: 'dyad-donald-trump~rus',
  revision: 4,
  position: positionOf(42n),
  recordedAt: '2025-03-30T18:00:01.000Z',
  data: { recordId: 'r', kind: 'threat' },
  metadata: { schemaVersion: 2, correlationId: 'c-1', principal: 'recorder:ana' },
};
const schemaOf = (type: string) => `https://parley.example/schemas/${type}.json`;

describe('CloudEvents envelope', () => {
  it('maps a recorded event to the structured JSON envelope', () => {
    expect(toCloudEvent(event, { dataschema: schemaOf })).toEqual({
      specversion: '1.0',
      id: event.id,
      source: PARLEY_SOURCE,
      type: 'org.parley.ThreatIssued',
      time: event.recordedAt,
      subject: event.stream,
      datacontenttype: 'application/json',
      dataschema: 'https://parley.example/schemas/ThreatIssued.json',
      parleytype: 'ThreatIssued',
      parleyposition: event.position,
      parleyrevision: 4,
      parleyschemaversion: 2,
      parleycorrelationid: 'c-1',
      data: event.data,
    });
  });

  it('leaves out what the event does not have, and never the principal', () => {
    const envelope = toCloudEvent(
      { ...event, metadata: { schemaVersion: 1, principal: 'recorder:ana' } },
      { dataschema: () => undefined, source: '/parley' },
    );
    expect(envelope).not.toHaveProperty('dataschema');
    expect(envelope).not.toHaveProperty('parleycorrelationid');
    expect(envelope).not.toHaveProperty('parleycausationid');
    expect(JSON.stringify(envelope)).not.toContain('recorder:ana');
    expect(envelope.source).toBe('/parley');
  });

  it('keeps the CloudEvents rules: required attributes, names, time and dataschema', () => {
    const envelope = toCloudEvent(
      { ...event, metadata: { ...event.metadata, causationId: 'c-0' } },
      { dataschema: schemaOf },
    );
    expect(cloudEventViolations({ ...envelope })).toEqual([]);
    expect(cloudEventType('StatementRecorded')).toBe('org.parley.StatementRecorded');
  });

  it('names what breaks the rules', () => {
    expect(cloudEventViolations({ specversion: '0.3', id: '', source: 'x' })).toEqual([
      'id is required as a non-empty string',
      'type is required as a non-empty string',
      'specversion must be "1.0"',
    ]);
    const valid = toCloudEvent(event, { dataschema: schemaOf });
    expect(cloudEventViolations({ ...valid, parley_type: 'x' })).toEqual([
      'attribute name "parley_type" is not [a-z0-9]+',
    ]);
    expect(cloudEventViolations({ ...valid, parleyaverylongattribute: 'x' })).toEqual([
      'attribute name "parleyaverylongattribute" is longer than 20 characters',
    ]);
    expect(cloudEventViolations({ ...valid, dataschema: '/schemas/ThreatIssued.json' })).toEqual([
      'dataschema must be an absolute URI',
    ]);
    expect(cloudEventViolations({ ...valid, time: '30 March 2025' })).toEqual([
      'time must be an RFC 3339 timestamp',
    ]);
    expect(cloudEventViolations({ ...valid, parleyextra: { nested: true } })).toEqual([
      'attribute parleyextra must be a string, a number or a boolean',
    ]);
  });
});
