import { DomainError } from '../../common/domain-error';
import type { ToneReader } from '../../records/get-tone/tone-reader';
import { MAX_SHIFT_SERIES, ShiftsReader, type ShiftsRequest } from './shifts-reader';

const DAY = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00Z');

/** A tone reader that knows every actor and holds one record a day with these tones. */
function readerOver(tones: readonly number[]): ShiftsReader {
  const points = tones.map((tone, i) => ({
    recordId: `r${i}`,
    occurredAtMs: START + i * DAY,
    kind: 'statement' as const,
    intensity: 0,
    tone,
  }));
  const tone = {
    requireActors: () => undefined,
    points: (_selector: unknown, fromMs: number, toMs: number) =>
      points.filter((p) => p.occurredAtMs >= fromMs && p.occurredAtMs < toMs),
  } as unknown as ToneReader;
  return new ShiftsReader(tone, () => new Date('2100-01-01T00:00:00Z'));
}

const request = (overrides: Partial<ShiftsRequest> = {}): ShiftsRequest => ({
  source: 'a',
  target: 'b',
  mode: 'directed',
  tz: 'UTC',
  measure: 'tone',
  penalty: 'bic',
  minSegment: 2,
  ...overrides,
});

describe('ShiftsReader', () => {
  it('finds no shift in a noiseless ramp under BIC (σ̂ = 0 prices a change at nothing), but does with a penalty given', () => {
    const ramp = [-4, -3, -2, -1, 0, 1, 2, 3];
    const reader = readerOver(ramp);
    const bic = reader.shifts(request());
    expect(bic.parameters).toMatchObject({ sigma: 0, penaltyValue: 0 });
    expect(bic.shifts).toEqual([]);
    // Halves at −2.5 and 1.5 save 32 of the whole ramp's Σd² of 42 for one change.
    const given = reader.shifts(request({ penalty: 20, minSegment: 4 }));
    expect(given.shifts).toEqual([
      {
        at: '2025-01-05T00:00:00Z',
        before: -2.5,
        after: 1.5,
        delta: 4,
        recordBefore: 'r3',
        recordAfter: 'r4',
      },
    ]);
  });

  it(`refuses a series of more than ${MAX_SHIFT_SERIES} records with 422 on from`, () => {
    // Levels that alternate every ten records: changes keep coming, so PELT prunes and
    // the search of the capped series below stays quick.
    const reader = readerOver(
      Array.from(
        { length: MAX_SHIFT_SERIES + 1 },
        (_, i) => (Math.floor(i / 10) % 2) * 8 + (i % 3),
      ),
    );
    let refusal: unknown;
    try {
      reader.shifts(request());
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ status: 422, slug: 'series-too-long', field: 'from' });
    // The same series cut to the cap is searched.
    const to = new Date(START + MAX_SHIFT_SERIES * DAY).toISOString();
    expect(reader.shifts(request({ to })).n).toBe(MAX_SHIFT_SERIES);
  });
});
