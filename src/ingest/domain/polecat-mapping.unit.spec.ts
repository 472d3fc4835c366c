import { v5 as uuidv5 } from 'uuid';
import {
  byName,
  DATASET_FIXTURES,
  splitFixture,
} from '../../../test/fixtures/datasets/dataset-fixtures';
import { kindRuleBroken } from '../../records/domain/record';
import type { DatasetRow, RowOutcome } from './dataset-row';
import { mapRow } from './map-row';

const NAMESPACE = '47326fbb-dbfb-483c-8b4c-3c40724c7a08';
const { rows } = splitFixture(DATASET_FIXTURES.polecat);
const outcomes = rows.map((row) => mapRow('polecat', row));

/** The PLOVER codebook's quad category by its words, and the root the README maps each type to. */
const QUAD: Record<string, number> = {
  'VERBAL COOPERATION': 1,
  'MATERIAL COOPERATION': 2,
  'VERBAL CONFLICT': 3,
  'MATERIAL CONFLICT': 4,
};

function outcomeOf(eventId: string): RowOutcome {
  const at = rows.findIndex((row) => byName(row)('Event ID') === eventId);
  if (at < 0) throw new Error(`no POLECAT row ${eventId}`);
  return outcomes[at]!;
}

function draftOf(eventId: string) {
  const outcome = outcomeOf(eventId);
  if (outcome.status !== 'record') throw new Error(`row ${eventId}: ${JSON.stringify(outcome)}`);
  return outcome.draft;
}

function changed(row: DatasetRow, column: string, value: string): DatasetRow {
  const at = row.header!.indexOf(column);
  return { ...row, fields: row.fields.map((field, i) => (i === at ? value : field)) };
}

describe('mapping POLECAT rows', () => {
  it('makes each two-sided row a record whose fields are its row’s', () => {
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'record') return;
      const row = byName(rows[i]!);
      const { draft } = outcome;
      const quad = QUAD[row('Quad Code')];
      expect(draft.id).toBe(uuidv5(`polecat:${row('Event ID')}`, NAMESPACE));
      expect(draft.occurredAt).toBe(`${row('Event Date')}T00:00:00Z`);
      expect(draft.precision).toBe('day');
      expect(draft).not.toHaveProperty('quote');
      expect(kindRuleBroken(draft)).toBeUndefined();
      expect(draft).not.toHaveProperty('tone');
      expect(draft.citation).toEqual({
        outlet: row('Source'),
        title: `POLECAT event ${row('Event ID')}`,
        publishedAt: `${row('Publication Date')}T00:00:00Z`,
      });
      expect(draft.origin).toEqual({
        dataset: 'polecat',
        id: row('Event ID'),
        quadClass: quad,
        intensity: Number(row('Intensity')),
        geo: {
          system: 'name',
          name: row('Placename'),
          country: row('Country'),
          adm1: row('Province'),
          lat: Number(row('Latitude')),
          lon: Number(row('Longitude')),
        },
      });
      expect(draft.kind).toBe(
        row('Event Type') === 'THREATEN'
          ? 'threat'
          : quad === 1 || quad === 3
            ? 'statement'
            : 'action',
      );
    });
  });

  it('counts what it skips by reason', () => {
    const counts: Record<string, number> = {};
    for (const o of outcomes) {
      const key = o.status === 'record' ? 'record' : o.status === 'skipped' ? o.reason : 'refused';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts).toEqual({
      // The actor with no country is an actor of its own: a record.
      record: 11,
      'compound-actor': 1,
      'one-sided': 1,
      'same-actor': 1,
    });
  });

  it('maps PLOVER types to the CAMEO root the codebook gives, and no code where it gives none', () => {
    expect(draftOf('pc-20230104-000117').code).toBe('04');
    expect(draftOf('pc-20230105-000377').code).toBe('11');
    expect(draftOf('pc-20230106-000145').code).toBe('16');
    expect(draftOf('pc-20230106-000012')).not.toHaveProperty('code');
  });

  it('derives a threat’s instrument from its mode and contexts', () => {
    expect(draftOf('pc-20230104-000342')).toMatchObject({
      kind: 'threat',
      source: 'usa',
      target: 'rus',
      threat: { instrument: 'sanction' },
    });
    expect(draftOf('pc-20230105-000058')).toMatchObject({
      kind: 'threat',
      source: 'rus-ministry-of-defence',
      target: 'ukr',
      threat: { instrument: 'military' },
    });
  });

  it('makes a titled actor a person and anything else an actor of its country', () => {
    const outcome = outcomeOf('pc-20230104-000117');
    expect(outcome).toMatchObject({
      status: 'record',
      draft: { source: 'antony-blinken', target: 'dmytro-kuleba', kind: 'statement' },
    });
    if (outcome.status !== 'record') return;
    expect(
      outcome.actors.map((a) => [a.profile.id, a.profile.kind, a.affiliation?.parent]),
    ).toEqual([
      ['usa', 'state', undefined],
      ['ukr', 'state', undefined],
      ['antony-blinken', 'person', 'usa'],
      ['dmytro-kuleba', 'person', 'ukr'],
    ]);
    expect(draftOf('pc-20230106-000012').source).toBe('rus-russian-armed-forces');
    expect(draftOf('pc-20230109-000009').target).toBe('recep-tayyip-erdogan');
  });

  it('refuses an unknown quad category or a date that does not parse, naming the column', () => {
    const row = rows[0]!;
    expect(mapRow('polecat', changed(row, 'Quad Code', 'NEUTRAL'))).toMatchObject({
      status: 'refused',
      line: row.line,
      field: 'Quad Code',
    });
    expect(mapRow('polecat', changed(row, 'Event Date', '2023-13-01'))).toMatchObject({
      status: 'refused',
      field: 'Event Date',
    });
    expect(mapRow('polecat', changed(row, 'Event Type', 'GOSSIP'))).toMatchObject({
      status: 'skipped',
      reason: 'unknown-code',
    });
  });

  it('reads the Intensity column under its older name, Event Intensity', () => {
    const row = rows[0]!;
    const renamed = {
      ...row,
      header: row.header!.map((h) => (h === 'Intensity' ? 'Event Intensity' : h)),
    };
    expect(mapRow('polecat', renamed)).toMatchObject({
      status: 'record',
      draft: { origin: { intensity: 4 } },
    });
  });
});
