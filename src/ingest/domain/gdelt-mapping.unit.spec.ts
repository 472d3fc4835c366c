import { v5 as uuidv5 } from 'uuid';
import { DATASET_FIXTURES, splitFixture } from '../../../test/fixtures/datasets/dataset-fixtures';
import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import { kindRuleBroken } from '../../records/domain/record';
import type { DatasetRow, RowOutcome } from './dataset-row';
import { mapRow } from './map-row';

/**
 * Column positions from the codebooks, written out here rather than taken from the
 * mapping: GDELT 2.0 Event Codebook V2.0 (61 columns) and GDELT 1.0 Data Format
 * Codebook V1.03 (no ADM2Code in the geography blocks: 57 or 58 columns).
 */
const V2 = {
  GLOBALEVENTID: 0,
  SQLDATE: 1,
  Actor1Code: 5,
  Actor1CountryCode: 7,
  Actor2Code: 15,
  Actor2CountryCode: 17,
  IsRootEvent: 25,
  EventCode: 26,
  QuadClass: 29,
  GoldsteinScale: 30,
  NumMentions: 31,
  NumSources: 32,
  NumArticles: 33,
  AvgTone: 34,
  ActionGeo_Type: 51,
  ActionGeo_FullName: 52,
  ActionGeo_CountryCode: 53,
  ActionGeo_ADM1Code: 54,
  ActionGeo_Lat: 56,
  ActionGeo_Long: 57,
  DATEADDED: 59,
  SOURCEURL: 60,
};
const V1 = {
  ...V2,
  ActionGeo_Type: 49,
  ActionGeo_FullName: 50,
  ActionGeo_CountryCode: 51,
  ActionGeo_ADM1Code: 52,
  ActionGeo_Lat: 53,
  ActionGeo_Long: 54,
  DATEADDED: 56,
  SOURCEURL: 57,
};
const NAMESPACE = '47326fbb-dbfb-483c-8b4c-3c40724c7a08';

const gdelt2 = splitFixture(DATASET_FIXTURES.gdelt2).rows;
const gdelt1 = splitFixture(DATASET_FIXTURES.gdelt1).rows;

type Recorded = Extract<RowOutcome, { status: 'record' }>;

function recorded(outcome: RowOutcome): Recorded {
  if (outcome.status !== 'record')
    throw new Error(`expected a record, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const day = (yyyymmdd: string): string =>
  `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}T00:00:00Z`;

function rowWith(row: DatasetRow, changes: Record<number, string>): DatasetRow {
  return { ...row, fields: row.fields.map((value, i) => changes[i] ?? value) };
}

function findRow(rows: DatasetRow[], test: (f: readonly string[]) => boolean): DatasetRow {
  const row = rows.find((r) => test(r.fields));
  if (!row) throw new Error('no such row in the fixture');
  return row;
}

/** Every field of a mapped GDELT record against its row, read by column index. */
function expectRecordOfRow(dataset: 'gdelt1' | 'gdelt2', row: DatasetRow, outcome: Recorded): void {
  const c = dataset === 'gdelt2' ? V2 : V1;
  const f = (i: number): string => row.fields[i] ?? '';
  const { draft } = outcome;
  const code = f(c.EventCode);
  const quad = Number(f(c.QuadClass));
  expect(draft.id).toBe(uuidv5(`${dataset}:${f(c.GLOBALEVENTID)}`, NAMESPACE));
  expect(draft.occurredAt).toBe(day(f(c.SQLDATE)));
  expect(draft.precision).toBe('day');
  expect(draft.code).toBe(code);
  expect(draft.tone).toBe(Math.max(-10, Math.min(10, Number(f(c.AvgTone)))));
  expect(draft.topics).toEqual([]);
  expect(draft).not.toHaveProperty('quote');
  expect(draft.kind).toBe(
    code.startsWith('13')
      ? 'threat'
      : code === '016'
        ? 'denial'
        : quad === 1 || quad === 3
          ? 'statement'
          : 'action',
  );
  expect(kindRuleBroken(draft)).toBeUndefined();
  expect(draft.origin).toMatchObject({
    dataset,
    id: f(c.GLOBALEVENTID),
    quadClass: quad,
    intensity: Number(f(c.GoldsteinScale)),
    mentions: Number(f(c.NumMentions)),
    sources: Number(f(c.NumSources)),
    articles: Number(f(c.NumArticles)),
    root: f(c.IsRootEvent) === '1',
  });
  const added = f(c.DATEADDED);
  expect(draft.origin?.addedAt).toBe(
    added.length === 14
      ? `${day(added).slice(0, 11)}${added.slice(8, 10)}:${added.slice(10, 12)}:${added.slice(12, 14)}Z`
      : day(added),
  );
  const sourceUrl = f(c.SOURCEURL);
  if (sourceUrl.startsWith('http')) {
    expect(draft.origin?.url).toBe(sourceUrl);
    expect(draft.citation).toEqual({
      outlet: new URL(sourceUrl).host,
      title: `GDELT event ${f(c.GLOBALEVENTID)}`,
      url: sourceUrl,
    });
  } else {
    expect(draft.origin).not.toHaveProperty('url');
    expect(draft.citation.outlet).toBe(
      sourceUrl === '' ? (dataset === 'gdelt1' ? 'GDELT 1.0' : 'GDELT 2.0') : sourceUrl,
    );
  }
  if (f(c.ActionGeo_Type) !== '' && f(c.ActionGeo_Type) !== '0') {
    expect(draft.origin?.geo).toMatchObject({
      system: 'FIPS10-4',
      name: f(c.ActionGeo_FullName),
      country: f(c.ActionGeo_CountryCode),
      lat: Number(f(c.ActionGeo_Lat)),
      lon: Number(f(c.ActionGeo_Long)),
    });
  }
  // A country-only actor is that country's state; an actor below one is affiliated to it.
  for (const [actorCode, countryCode, id] of [
    [f(c.Actor1Code).trim(), f(c.Actor1CountryCode).trim(), draft.source],
    [f(c.Actor2Code).trim(), f(c.Actor2CountryCode).trim(), draft.target],
  ] as const) {
    expect(id).toMatch(ACTOR_ID_PATTERN);
    const groups = (actorCode.trim().match(/.{1,3}/g) ?? []).join('-').toLowerCase();
    if (/^(IGO|NGO|NGM|MNC)/.test(actorCode)) expect(id).toBe(groups);
    else if (countryCode === '') expect(id).toBe(`cameo-${groups}`);
    else if (actorCode === countryCode) expect(id).toBe(countryCode.toLowerCase());
    else expect(id.startsWith(`${countryCode.toLowerCase()}-`)).toBe(true);
  }
  for (const actor of outcome.actors) {
    expect(actor.profile.id).toMatch(ACTOR_ID_PATTERN);
    if (actor.affiliation) {
      expect(outcome.actors.map((a) => a.profile.id)).toContain(actor.affiliation.parent);
      expect(actor.affiliation.from).toBe('1900-01-01T00:00:00Z');
    } else {
      // Unaffiliated: a state, a region, or an actor in no state (transnational, or coded
      // without a country).
      expect(
        actor.profile.kind === 'state' ||
          actor.profile.kind === 'coalition' ||
          actor.profile.aliases.some((alias) => /^(IGO|NGO|NGM|MNC)/.test(alias)) ||
          actor.profile.id.startsWith('cameo-'),
      ).toBe(true);
    }
  }
}

function countOutcomes(outcomes: RowOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key =
      o.status === 'record' ? 'record' : o.status === 'skipped' ? o.reason : `refused ${o.field}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('mapping GDELT 2.0 rows', () => {
  const outcomes = gdelt2.map((row) => mapRow('gdelt2', row));

  it('makes each two-sided row a record whose fields are its row’s', () => {
    const records = outcomes.filter((o) => o.status === 'record');
    expect(records.length).toBeGreaterThan(50);
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'record') expectRecordOfRow('gdelt2', gdelt2[i]!, outcome);
    });
    expect(new Set(records.map((o) => recorded(o).draft.id)).size).toBe(records.length);
  });

  it('skips rows for a reason, refusing none of this well-formed file', () => {
    const oneSided = gdelt2.filter(
      (r) => r.fields[V2.Actor1Code] === '' || r.fields[V2.Actor2Code] === '',
    );
    const counts = countOutcomes(outcomes);
    expect(counts['one-sided']).toBe(oneSided.length);
    expect(Object.keys(counts).filter((key) => key.startsWith('refused'))).toEqual([]);
    expect(counts).toEqual(EXPECTED_GDELT2_COUNTS);
  });

  it('makes a government below its country a threat’s source: DEUGOV threatens RUS with sanctions (1312)', () => {
    const row = findRow(gdelt2, (f) => f[V2.GLOBALEVENTID] === '410412990');
    const outcome = recorded(mapRow('gdelt2', row));
    expect(outcome.draft).toMatchObject({
      kind: 'threat',
      source: 'deu-gov',
      target: 'rus',
      code: '1312',
      threat: { instrument: 'sanction' },
    });
    expect(outcome.actors).toEqual([
      {
        profile: {
          id: 'deu',
          name: 'Germany',
          kind: 'state',
          aliases: ['DEU'],
          country: 'DEU',
        },
      },
      {
        profile: {
          id: 'rus',
          name: 'Russian Federation',
          kind: 'state',
          aliases: ['RUS'],
          country: 'RUS',
        },
      },
      {
        profile: {
          id: 'deu-gov',
          name: 'Government (Germany)',
          kind: 'government',
          aliases: ['DEUGOV'],
          country: 'DEU',
        },
        affiliation: { parent: 'deu', from: '1900-01-01T00:00:00Z', role: 'government' },
      },
    ]);
  });

  it('maps a USA → RUS row between the two states', () => {
    const row = findRow(gdelt2, (f) => f[V2.Actor1Code] === 'USA' && f[V2.Actor2Code] === 'RUS');
    const outcome = recorded(mapRow('gdelt2', row));
    expect([outcome.draft.source, outcome.draft.target]).toEqual(['usa', 'rus']);
    expect(outcome.actors.map((a) => a.profile.id)).toEqual(['usa', 'rus']);
  });

  it('skips USA → USA (same actor), and makes actors of a region (EUR), a transnational actor (IGO…) and an actor with no country', () => {
    const sourceOf = (test: (f: readonly string[]) => boolean) =>
      recorded(mapRow('gdelt2', findRow(gdelt2, test)));
    const usaRus = findRow(gdelt2, (f) => f[V2.Actor1Code] === 'USA' && f[V2.Actor2Code] === 'RUS');
    expect(
      mapRow('gdelt2', rowWith(usaRus, { [V2.Actor2Code]: 'USA', [V2.Actor2CountryCode]: 'USA' })),
    ).toEqual({ status: 'skipped', line: usaRus.line, reason: 'same-actor' });
    const region = sourceOf((f) => f[V2.Actor1CountryCode] === 'AFR' && f[V2.Actor2Code] !== '');
    expect(region.actors[0]?.profile).toMatchObject({
      id: 'afr',
      name: 'Africa',
      kind: 'coalition',
    });
    const igo = sourceOf((f) => f[V2.Actor1Code] === 'IGOEUREEC' && f[V2.Actor2Code] !== '');
    expect(igo.draft.source).toBe('igo-eur-eec');
    expect(igo.actors.find((a) => a.profile.id === 'igo-eur-eec')).toMatchObject({
      profile: { kind: 'organisation', aliases: ['IGOEUREEC'] },
    });
    expect(igo.actors.find((a) => a.profile.id === 'igo-eur-eec')?.affiliation).toBeUndefined();
    const noCountry = sourceOf(
      (f) =>
        f[V2.Actor1Code] !== '' &&
        f[V2.Actor2Code] !== '' &&
        f[V2.Actor1CountryCode] === '' &&
        !/^(IGO|NGO|MNC)/.test(f[V2.Actor1Code]!),
    );
    expect(noCountry.draft.source).toMatch(/^cameo-/);
    expect(
      noCountry.actors.find((a) => a.profile.id === noCountry.draft.source)?.profile.name,
    ).toMatch(/\(no country coded\)$/);
  });

  it('makes CAMEO 016 a denial and other verbal or material codes statements or actions', () => {
    const row = findRow(gdelt2, (f) => f[V2.Actor1Code] === 'USA' && f[V2.Actor2Code] === 'RUS');
    expect(
      recorded(mapRow('gdelt2', rowWith(row, { [V2.EventCode]: '016', [V2.QuadClass]: '1' }))).draft
        .kind,
    ).toBe('denial');
    expect(
      recorded(mapRow('gdelt2', rowWith(row, { [V2.EventCode]: '0251', [V2.QuadClass]: '1' })))
        .draft.kind,
    ).toBe('statement');
    expect(
      recorded(mapRow('gdelt2', rowWith(row, { [V2.EventCode]: '163', [V2.QuadClass]: '4' }))).draft
        .kind,
    ).toBe('action');
    expect(
      recorded(mapRow('gdelt2', rowWith(row, { [V2.EventCode]: '1384', [V2.QuadClass]: '3' })))
        .draft.threat,
    ).toEqual({ instrument: 'military' });
    expect(
      recorded(mapRow('gdelt2', rowWith(row, { [V2.EventCode]: '139', [V2.QuadClass]: '3' }))).draft
        .threat,
    ).toEqual({ instrument: 'other' });
    expect(mapRow('gdelt2', rowWith(row, { [V2.EventCode]: '---' }))).toMatchObject({
      status: 'skipped',
      reason: 'unknown-code',
    });
  });

  it('clamps AvgTone to parley’s ±10 and keeps GoldsteinScale as the row’s intensity', () => {
    const row = findRow(gdelt2, (f) => f[V2.Actor1Code] === 'USA' && f[V2.Actor2Code] === 'RUS');
    const draft = recorded(
      mapRow('gdelt2', rowWith(row, { [V2.AvgTone]: '-23.5', [V2.GoldsteinScale]: '-9.5' })),
    ).draft;
    expect(draft.tone).toBe(-10);
    expect(draft.origin?.intensity).toBe(-9.5);
  });

  it('folds actors into existing ones through the actor map, before anything is derived', () => {
    const row = findRow(gdelt2, (f) => f[V2.GLOBALEVENTID] === '410412990');
    const outcome = recorded(
      mapRow('gdelt2', row, {
        actorMap: new Map([
          ['DEUGOV', 'german-government'],
          ['RUS', 'russia'],
        ]),
      }),
    );
    expect([outcome.draft.source, outcome.draft.target]).toEqual(['german-government', 'russia']);
    expect(outcome.actors).toEqual([]);
    const igo = findRow(gdelt2, (f) => f[V2.Actor1Code] === 'IGOEUREEC' && f[V2.Actor2Code] !== '');
    expect(
      mapRow('gdelt2', igo, { actorMap: new Map([['IGOEUREEC', 'european-union']]) }),
    ).toMatchObject({
      status: 'record',
      draft: { source: 'european-union', target: 'rus' },
    });
  });

  it('refuses a malformed row, naming the codebook column and the line', () => {
    const row = findRow(gdelt2, (f) => f[V2.Actor1Code] === 'USA' && f[V2.Actor2Code] === 'RUS');
    const refusal = (changed: DatasetRow): unknown => {
      const outcome = mapRow('gdelt2', changed);
      return outcome.status === 'refused' ? [outcome.line, outcome.field] : outcome.status;
    };
    expect(refusal(rowWith(row, { [V2.SQLDATE]: '2015021' }))).toEqual([row.line, 'SQLDATE']);
    expect(refusal(rowWith(row, { [V2.SQLDATE]: '20150231' }))).toEqual([row.line, 'SQLDATE']);
    expect(refusal(rowWith(row, { [V2.DATEADDED]: '20150218236000' }))).toEqual([
      row.line,
      'DATEADDED',
    ]);
    expect(refusal(rowWith(row, { [V2.GoldsteinScale]: 'n/a' }))).toEqual([
      row.line,
      'GoldsteinScale',
    ]);
    expect(refusal(rowWith(row, { [V2.QuadClass]: '5' }))).toEqual([row.line, 'QuadClass']);
    expect(refusal(rowWith(row, { [V2.NumMentions]: '2.5' }))).toEqual([row.line, 'NumMentions']);
    expect(refusal({ ...row, fields: row.fields.slice(0, 60) })).toEqual([row.line, 'row']);
  });
});

describe('mapping GDELT 1.0 rows', () => {
  const outcomes = gdelt1.map((row) => mapRow('gdelt1', row));

  it('maps rows of 57 (backfile) and of 58 columns (daily files) field for field', () => {
    const widths = new Set<number>();
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'record') return;
      widths.add(gdelt1[i]!.fields.length);
      expectRecordOfRow('gdelt1', gdelt1[i]!, outcome);
    });
    expect([...widths].sort()).toEqual([57, 58]);
    expect(countOutcomes(outcomes)).toEqual(EXPECTED_GDELT1_COUNTS);
  });

  it('names the outlet a 58-column row gives instead of a URL ("BBC Monitoring")', () => {
    const row = findRow(gdelt1, (f) => f.length === 58 && f[V1.SOURCEURL] === 'BBC Monitoring');
    const outcome = mapRow(
      'gdelt1',
      rowWith(row, {
        [V1.Actor1Code]: 'USA',
        [V1.Actor1CountryCode]: 'USA',
        [V1.Actor2Code]: 'RUS',
        [V1.Actor2CountryCode]: 'RUS',
      }),
    );
    expect(recorded(outcome).draft.citation).toEqual({
      outlet: 'BBC Monitoring',
      title: `GDELT event ${row.fields[0]}`,
    });
  });

  it('refuses a GDELT 1.0 row of neither 57 nor 58 columns, and a 2.0 row read as 1.0', () => {
    expect(mapRow('gdelt1', gdelt2[0]!)).toMatchObject({
      status: 'refused',
      field: 'row',
      line: 1,
    });
  });
});

/**
 * Counted apart from the mapping (a Python pass over the columns above: a row is
 * one-sided when Actor1Code or Actor2Code is empty, and every other row, none of which
 * names the same code twice, is a record; 2026-12-06), then kept: a change here is a
 * change of the rules.
 */
const EXPECTED_GDELT2_COUNTS: Record<string, number> = {
  // Every two-sided row (200 rows, 56 of them one-sided; no two-sided row names one actor twice).
  record: 144,
  'one-sided': 56,
};
const EXPECTED_GDELT1_COUNTS: Record<string, number> = {
  record: 52,
  'one-sided': 48,
};
