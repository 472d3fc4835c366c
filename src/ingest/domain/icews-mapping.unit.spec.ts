import { v5 as uuidv5 } from 'uuid';
import {
  byName,
  DATASET_FIXTURES,
  splitFixture,
} from '../../../test/fixtures/datasets/dataset-fixtures';
import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import { kindRuleBroken } from '../../records/domain/record';
import type { DatasetRow, RowOutcome } from './dataset-row';
import { namedActorKind } from './icews-mapping';
import { mapRow } from './map-row';

const NAMESPACE = '47326fbb-dbfb-483c-8b4c-3c40724c7a08';
const { rows } = splitFixture(DATASET_FIXTURES.icews);
const outcomes = rows.map((row) => mapRow('icews', row));

type Recorded = Extract<RowOutcome, { status: 'record' }>;

function outcomeOf(eventId: string, eventDate?: string): RowOutcome {
  const at = rows.findIndex(
    (row) =>
      byName(row)('Event ID') === eventId &&
      (eventDate === undefined || byName(row)('Event Date') === eventDate),
  );
  if (at < 0) throw new Error(`no ICEWS row ${eventId}`);
  return outcomes[at]!;
}

function recordOf(eventId: string, eventDate?: string): Recorded {
  const outcome = outcomeOf(eventId, eventDate);
  if (outcome.status !== 'record') throw new Error(`row ${eventId}: ${JSON.stringify(outcome)}`);
  return outcome;
}

function changed(row: DatasetRow, column: string, value: string): DatasetRow {
  const at = row.header!.indexOf(column);
  return { ...row, fields: row.fields.map((field, i) => (i === at ? value : field)) };
}

describe('mapping ICEWS rows', () => {
  it('makes each two-sided row of states and actors below them a record whose fields are its row’s', () => {
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'record') return;
      const row = byName(rows[i]!);
      const { draft } = outcome;
      const root = Number(row('CAMEO Code').slice(0, 2));
      const quad = root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
      expect(draft.id).toBe(uuidv5(`icews:${row('Event ID')}:${row('Event Date')}`, NAMESPACE));
      expect(draft.occurredAt).toBe(`${row('Event Date')}T00:00:00Z`);
      expect(draft.precision).toBe('day');
      expect(draft).not.toHaveProperty('quote');
      expect(kindRuleBroken(draft)).toBeUndefined();
      expect(draft.code).toBe(row('CAMEO Code'));
      expect(draft).not.toHaveProperty('tone');
      expect(draft.citation).toEqual({
        outlet: row('Publisher'),
        title: `ICEWS event ${row('Event ID')}`,
      });
      expect(draft.origin).toMatchObject({
        dataset: 'icews',
        id: row('Event ID'),
        quadClass: quad,
        intensity: Number(row('Intensity')),
      });
      if (row('City')) {
        expect(draft.origin?.geo).toEqual({
          system: 'name',
          name: row('City'),
          country: row('Country'),
          adm1: row('Province'),
          lat: Number(row('Latitude')),
          lon: Number(row('Longitude')),
        });
      } else {
        expect(draft.origin).not.toHaveProperty('geo');
      }
      expect(draft.source).toMatch(ACTOR_ID_PATTERN);
      expect(draft.target).toMatch(ACTOR_ID_PATTERN);
    });
  });

  it('counts what it skips by reason', () => {
    const counts: Record<string, number> = {};
    for (const o of outcomes) {
      const key = o.status === 'record' ? 'record' : o.status === 'skipped' ? o.reason : 'refused';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts).toEqual({
      // The actor with no country (`United Nations`) is an actor of its own: a record.
      record: 17,
      'one-sided': 1,
      'same-actor': 1,
      'unknown-country': 1,
    });
  });

  it('makes a sector of a country an actor below it: Foreign Affairs (Bangladesh) → India', () => {
    const outcome = recordOf('21092637');
    expect(outcome.draft).toMatchObject({
      kind: 'statement',
      source: 'bgd-foreign-affairs',
      target: 'ind',
    });
    expect(outcome.actors).toEqual([
      {
        profile: {
          id: 'bgd',
          name: 'Bangladesh',
          kind: 'state',
          aliases: ['BGD'],
          country: 'BGD',
        },
      },
      {
        profile: {
          id: 'ind',
          name: 'India',
          kind: 'state',
          aliases: ['IND'],
          country: 'IND',
        },
      },
      {
        profile: {
          id: 'bgd-foreign-affairs',
          name: 'Foreign Affairs (Bangladesh)',
          kind: 'office',
          aliases: ['Foreign Affairs (Bangladesh)'],
          country: 'BGD',
        },
        affiliation: { parent: 'bgd', from: '1900-01-01T00:00:00Z', role: 'foreign affairs' },
      },
    ]);
  });

  it('makes a named person an actor affiliated to the country of the row: Vladimir Putin threatens Ukraine', () => {
    const outcome = recordOf('21093044');
    expect(outcome.draft).toMatchObject({
      kind: 'threat',
      source: 'vladimir-putin',
      target: 'ukr',
      code: '138',
      threat: { instrument: 'military' },
    });
    expect(outcome.actors).toContainEqual({
      profile: {
        id: 'vladimir-putin',
        name: 'Vladimir Putin',
        kind: 'person',
        aliases: ['Vladimir Putin'],
      },
      affiliation: { parent: 'rus', from: '1900-01-01T00:00:00Z' },
    });
  });

  it('reads the kind and the threat’s instrument off the CAMEO code', () => {
    expect(recordOf('21093390').draft).toMatchObject({
      kind: 'threat',
      threat: { instrument: 'sanction' },
    });
    expect(recordOf('21095870').draft.threat).toEqual({ instrument: 'diplomatic' });
    expect(recordOf('21096699').draft).toMatchObject({
      source: 'hamas',
      target: 'isr',
      threat: { instrument: 'military' },
    });
    expect(recordOf('21093905').draft).toMatchObject({
      kind: 'denial',
      source: 'rus-foreign-affairs',
      target: 'ukr-government',
    });
    expect(recordOf('21094418').draft.kind).toBe('action');
    expect(recordOf('21097018').draft.kind).toBe('statement');
  });

  it('keeps two rows that share an Event ID on different dates apart', () => {
    const first = recordOf('21097890', '2014-03-08').draft.id;
    const second = recordOf('21097890', '2014-03-09').draft.id;
    expect(first).not.toBe(second);
  });

  it('transliterates a name into its id: Recep Tayyip Erdoğan → recep-tayyip-erdogan', () => {
    expect(recordOf('21096233').draft.source).toBe('recep-tayyip-erdogan');
  });

  it('skips an unknown country spelling and a one-sided row; an actor in no country is its own', () => {
    expect(outcomeOf('3480112')).toMatchObject({ status: 'skipped', reason: 'unknown-country' });
    const own = outcomeOf('21095102');
    expect(own.status).toBe('record');
    if (own.status === 'record') {
      const ids = [own.draft.source, own.draft.target];
      const unaffiliated = own.actors.filter((a) => !a.affiliation && a.profile.kind !== 'state');
      expect(unaffiliated.map((a) => a.profile.id).every((id) => ids.includes(id))).toBe(true);
      expect(unaffiliated.length).toBeGreaterThan(0);
    }
    expect(outcomeOf('21094420')).toMatchObject({ status: 'skipped', reason: 'one-sided' });
    expect(outcomeOf('21094733')).toMatchObject({ status: 'skipped', reason: 'same-actor' });
  });

  it('places an actor the map names, even one with no country', () => {
    const row = rows.find((r) => byName(r)('Event ID') === '21095102')!;
    expect(
      mapRow('icews', row, { actorMap: new Map([['United Nations', 'united-nations']]) }),
    ).toMatchObject({ status: 'record', draft: { source: 'united-nations', target: 'ukr' } });
  });

  it('refuses a row with a date that does not parse, or of the wrong width, naming the column', () => {
    const row = rows[0]!;
    expect(mapRow('icews', changed(row, 'Event Date', '03/01/2014'))).toEqual({
      status: 'refused',
      line: row.line,
      field: 'Event Date',
      message: '"03/01/2014" is not a date (YYYYMMDD or YYYY-MM-DD)',
    });
    expect(mapRow('icews', changed(row, 'Intensity', 'high'))).toMatchObject({
      status: 'refused',
      field: 'Intensity',
    });
    expect(mapRow('icews', { ...row, fields: row.fields.slice(1) })).toMatchObject({
      status: 'refused',
      field: 'row',
    });
    expect(
      mapRow('icews', {
        ...row,
        header: row.header!.map((h) => (h === 'CAMEO Code' ? 'Code' : h)),
      }),
    ).toMatchObject({ status: 'refused', field: 'CAMEO Code' });
  });

  it('tells a person’s name from an organisation’s by its words', () => {
    expect(namedActorKind('Vladimir Putin')).toBe('person');
    expect(namedActorKind('Mahmoud al Abbas')).toBe('person');
    expect(namedActorKind('Bharatiya Janata Party')).toBe('organisation');
    expect(namedActorKind('Indian National Congress')).toBe('organisation');
    expect(namedActorKind('Hamas')).toBe('organisation');
  });
});
