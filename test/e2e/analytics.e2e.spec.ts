import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { clockPast } from '../support/waiting';
import type { ProblemBody } from '../support/responses';

jest.setTimeout(120_000);

interface ShiftsBody {
  readonly source: string;
  readonly target: string;
  readonly mode: string;
  readonly measure: string;
  readonly tz: string;
  readonly from: string | null;
  readonly to: string;
  readonly asOf: string | null;
  readonly method: { name: string; citation: string; doi: string };
  readonly parameters: {
    penalty: string | number;
    penaltyValue: number;
    sigma: number;
    minSegment: number;
  };
  readonly n: number;
  readonly segments: {
    start: string;
    end: string;
    n: number;
    mean: number;
    firstRecordId: string;
    lastRecordId: string;
  }[];
  readonly shifts: {
    at: string;
    before: number;
    after: number;
    delta: number;
    recordBefore: string;
    recordAfter: string;
  }[];
}

interface CredibilityFigureBody {
  readonly threats: {
    total: number;
    open: number;
    carriedOut: number;
    withdrawn: number;
    lapsed: number;
    settled: number;
  };
  readonly ratio: number | null;
  readonly estimate: { mean: number; lower: number; upper: number; level: number };
}

interface ActorCredibilityBody extends CredibilityFigureBody {
  readonly actor: string;
  readonly name: string;
  readonly asOf: string | null;
  readonly items: { id: string; target: string; fate: string; deadline: string | null }[];
}

interface CredibilityPageBody {
  readonly items: (CredibilityFigureBody & { rank: number; actor: string; name: string })[];
  readonly nextCursor: string | null;
}

/** The days of March 2025, one record a day at noon UTC. */
const march = (day: number): string => `2025-03-${String(day).padStart(2, '0')}T12:00:00Z`;

describe('analytics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = <T>(path: string) => api(t.baseUrl).get<T>(path);

  describe('GET /dyads/{source}/{target}/shifts', () => {
    // Eight cordial statements, then eight hostile ones from 9 March: one shift, between
    // the 8th and the 9th record.
    const BEFORE = [2, 1, 2, 3, 2, 1, 2, 2];
    const AFTER = [-6, -7, -6, -5, -7, -6, -7, -6];
    let a: string;
    let b: string;
    let ids: string[];
    let betweenTheTwo: string;

    beforeAll(async () => {
      [a, b] = await freshDyad(t.baseUrl);
      ids = [];
      for (const [i, tone] of BEFORE.entries())
        ids.push(
          (
            await createRecord(
              t.baseUrl,
              recordBody({ source: a, target: b, occurredAt: march(i + 1), tone }),
            )
          ).id,
        );
      betweenTheTwo = new Date().toISOString();
      await clockPast(betweenTheTwo);
      for (const [i, tone] of AFTER.entries())
        ids.push(
          (
            await createRecord(
              t.baseUrl,
              recordBody({ source: a, target: b, occurredAt: march(i + 9), tone }),
            )
          ).id,
        );
    });

    const shifts = async (params: Record<string, string | number | undefined> = {}) => {
      const response = await get<ShiftsBody>(`/dyads/${a}/${b}/shifts${query(params)}`);
      expect([response.status, response.text]).toEqual([200, response.text]);
      return response.body;
    };

    it('finds the one shift at the first hostile record, with both means and the records on each side', async () => {
      const view = await shifts();
      expect(view).toMatchObject({
        source: a,
        target: b,
        mode: 'directed',
        measure: 'tone',
        tz: 'UTC',
        from: null,
        asOf: null,
        n: 16,
      });
      expect(view.method).toMatchObject({
        name: 'PELT',
        doi: '10.1080/01621459.2012.737745',
      });
      expect(view.method.citation).toContain('Killick');
      // First differences: 0 is their median and 1 the median distance from it, so
      // σ̂ = 1.4826 × 1 / √2 ≈ 1.04836 and β = 2 σ̂² ln 16 ≈ 6.0945.
      expect(view.parameters).toMatchObject({ penalty: 'bic', sigma: 1.048, minSegment: 2 });
      expect(view.parameters.penaltyValue).toBeCloseTo(
        2 * (1.4826 / Math.SQRT2) ** 2 * Math.log(16),
        2,
      );
      // Means: 15 / 8 = 1.875 and −50 / 8 = −6.25.
      expect(view.segments).toEqual([
        {
          start: '2025-03-01T12:00:00Z',
          end: '2025-03-08T12:00:00Z',
          n: 8,
          mean: 1.875,
          firstRecordId: ids[0],
          lastRecordId: ids[7],
        },
        {
          start: '2025-03-09T12:00:00Z',
          end: '2025-03-16T12:00:00Z',
          n: 8,
          mean: -6.25,
          firstRecordId: ids[8],
          lastRecordId: ids[15],
        },
      ]);
      expect(view.shifts).toEqual([
        {
          at: '2025-03-09T12:00:00Z',
          before: 1.875,
          after: -6.25,
          delta: -8.125,
          recordBefore: ids[7],
          recordAfter: ids[8],
        },
      ]);
    });

    it('writes times in the zone asked for', async () => {
      const view = await shifts({ tz: 'Europe/Moscow' });
      expect(view.tz).toBe('Europe/Moscow');
      expect(view.shifts.map((s) => s.at)).toEqual(['2025-03-09T15:00:00+03:00']);
    });

    it('finds no shift in a series without one: the intensity of plain statements, or the hostile days alone', async () => {
      // Every record is a statement without a code: intensity 0 throughout.
      const intensity = await shifts({ measure: 'intensity' });
      expect(intensity).toMatchObject({ measure: 'intensity', n: 16, shifts: [] });
      expect(intensity.segments).toHaveLength(1);
      // From 9 March (a bare date is midnight in tz) only the hostile records are left.
      const after = await shifts({ from: '2025-03-09' });
      expect(after).toMatchObject({ from: '2025-03-09T00:00:00Z', n: 8, shifts: [] });
      expect(after.segments.map((s) => s.mean)).toEqual([-6.25]);
    });

    it('answers as the log stood at asOf: before the hostile records were recorded, no shift', async () => {
      const view = await shifts({ asOf: betweenTheTwo });
      expect(view).toMatchObject({ asOf: betweenTheTwo, n: 8, shifts: [] });
    });

    it('takes a penalty of its own: one above what the shift saves finds nothing', async () => {
      // The single change saves Σd² of the whole series minus that of its halves: far
      // below 10 000, far above 1.
      expect((await shifts({ penalty: 10000 })).shifts).toEqual([]);
      const loose = await shifts({ penalty: 1, minSegment: 4 });
      expect(loose.parameters).toMatchObject({ penalty: 1, penaltyValue: 1, minSegment: 4 });
      expect(loose.shifts.map((s) => s.at)).toContain('2025-03-09T12:00:00Z');
      for (const segment of loose.segments) expect(segment.n).toBeGreaterThanOrEqual(4);
    });

    it('reads both directions with mode=pair', async () => {
      await createRecord(
        t.baseUrl,
        recordBody({ source: b, target: a, occurredAt: march(20), tone: -8 }),
      );
      const pair = await shifts({ mode: 'pair' });
      expect(pair).toMatchObject({ mode: 'pair', n: 17 });
      expect(pair.shifts.map((s) => s.at)).toEqual(['2025-03-09T12:00:00Z']);
    });

    it('refuses bad parameters with 400 naming the field, and unknown actors with 422', async () => {
      for (const [params, field] of [
        [{ penalty: 'aic' }, 'penalty'],
        [{ penalty: '-3' }, 'penalty'],
        [{ minSegment: 0 }, 'minSegment'],
        [{ minSegment: 'two' }, 'minSegment'],
        [{ measure: 'mood' }, 'measure'],
        [{ mode: 'sideways' }, 'mode'],
        [{ tz: 'Mars/Olympus' }, 'tz'],
        [{ from: '2025-04-01', to: '2025-03-01' }, 'from'],
      ] as const) {
        const response = await get<ProblemBody>(`/dyads/${a}/${b}/shifts${query(params)}`);
        expect([params, response.status]).toEqual([params, 400]);
        expect(response.contentType).toMatch(/^application\/problem\+json/);
        expect(response.body.errors?.map((e) => e.field)).toContain(field);
      }
      const unknown = await get<ProblemBody>(`/dyads/${a}/nobody-${Date.now()}/shifts`);
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors?.map((e) => e.field)).toEqual(['target']);
    });
  });

  describe('credibility', () => {
    let keeper: string;
    let bluffer: string;
    let talker: string;
    let target: string;
    let firstKept: string;
    let beforeTheOutcomes: string;

    const threat = async (source: string, deadline?: string): Promise<string> =>
      (
        await createRecord(
          t.baseUrl,
          recordBody({
            source,
            target,
            kind: 'threat',
            occurredAt: '2025-02-01T12:00:00Z',
            threat: {
              instrument: 'tariff',
              magnitude: '25%',
              ...(deadline === undefined ? {} : { deadline }),
            },
          }),
        )
      ).id;

    const settle = async (id: string, outcome: string): Promise<void> => {
      const response = await api(t.baseUrl).post(`/records/${id}/outcome`, {
        outcome,
        occurredAt: '2025-03-01T12:00:00Z',
      });
      expect([response.status, response.text]).toEqual([201, response.text]);
    };

    beforeAll(async () => {
      [keeper, target] = await freshDyad(t.baseUrl);
      [bluffer, talker] = await freshDyad(t.baseUrl);
      // keeper: two threats, both carried out.
      firstKept = await threat(keeper);
      const secondKept = await threat(keeper);
      // bluffer: one withdrawn, one whose deadline passed with nothing recorded, one open.
      const withdrawn = await threat(bluffer);
      await threat(bluffer, '2025-02-15T00:00:00Z');
      await threat(bluffer);
      // talker: one open threat, nothing settled.
      await threat(talker);
      beforeTheOutcomes = new Date().toISOString();
      await clockPast(beforeTheOutcomes);
      await settle(firstKept, 'carried-out');
      await settle(secondKept, 'carried-out');
      await settle(withdrawn, 'withdrawn');
    });

    it('counts carried out against withdrawn and lapsed, open apart, with a Beta(1, 1) posterior', async () => {
      const kept = await get<ActorCredibilityBody>(`/actors/${keeper}/credibility`);
      expect(kept.status).toBe(200);
      expect(kept.body).toMatchObject({
        actor: keeper,
        name: `Actor ${keeper}`,
        asOf: null,
        threats: { total: 2, open: 0, carriedOut: 2, withdrawn: 0, lapsed: 0, settled: 2 },
        ratio: 1,
        // Beta(3, 1): mean 3/4; CDF x³, so the 2.5% and 97.5% points are
        // 0.025^(1/3) ≈ 0.29240 and 0.975^(1/3) ≈ 0.99160.
        estimate: { mean: 0.75, lower: 0.292, upper: 0.992, level: 0.95 },
      });
      expect(kept.body.items.map((i) => i.fate)).toEqual(['carried-out', 'carried-out']);

      const bluffed = await get<ActorCredibilityBody>(`/actors/${bluffer}/credibility`);
      expect(bluffed.body).toMatchObject({
        threats: { total: 3, open: 1, carriedOut: 0, withdrawn: 1, lapsed: 1, settled: 2 },
        ratio: 0,
        // Beta(1, 3): mean 1/4; CDF 1 − (1 − x)³: 1 − 0.975^(1/3) ≈ 0.00840 and
        // 1 − 0.025^(1/3) ≈ 0.70760.
        estimate: { mean: 0.25, lower: 0.008, upper: 0.708 },
      });
      expect(bluffed.body.items.map((i) => i.fate).sort()).toEqual(['lapsed', 'open', 'withdrawn']);

      const talk = await get<ActorCredibilityBody>(`/actors/${talker}/credibility`);
      // Nothing settled: no ratio, and the prior itself, Beta(1, 1).
      expect(talk.body).toMatchObject({
        threats: { total: 1, open: 1, settled: 0 },
        ratio: null,
        estimate: { mean: 0.5, lower: 0.025, upper: 0.975 },
      });
    });

    it('answers as of a past instant: before the outcomes were recorded the kept threats were open', async () => {
      const then = await get<ActorCredibilityBody>(
        `/actors/${keeper}/credibility${query({ asOf: beforeTheOutcomes })}`,
      );
      expect(then.body).toMatchObject({
        asOf: beforeTheOutcomes,
        threats: { total: 2, open: 2, carriedOut: 0, settled: 0 },
        ratio: null,
      });
    });

    it('ranks actors by the posterior mean, leaves out those with nothing settled unless asked, and pages with a cursor', async () => {
      const mine = (items: CredibilityPageBody['items']): string[] =>
        items.map((i) => i.actor).filter((id) => [keeper, bluffer, talker].includes(id));
      const ranked = await get<CredibilityPageBody>('/credibility');
      expect(ranked.status).toBe(200);
      expect(mine(ranked.body.items)).toEqual([keeper, bluffer]);
      const ranks = ranked.body.items.map((i) => i.rank);
      expect(ranks).toEqual(ranks.map((_, i) => i + 1));

      const everyone = await get<CredibilityPageBody>('/credibility?minSettled=0');
      expect(mine(everyone.body.items)).toEqual([keeper, talker, bluffer]);

      // One actor a page, following the cursor: the same order, each actor once.
      const paged: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const response = await get<CredibilityPageBody>(
          `/credibility${query({ minSettled: 0, limit: 1, cursor })}`,
        );
        expect(response.body.items.length).toBeLessThanOrEqual(1);
        paged.push(...response.body.items.map((i) => i.actor));
        if (response.body.nextCursor === null) break;
        cursor = response.body.nextCursor;
      }
      expect(paged).toEqual(everyone.body.items.map((i) => i.actor));
    });

    it('refuses an unknown actor with 404 and bad list parameters with 400', async () => {
      expect((await get(`/actors/nobody-${Date.now()}/credibility`)).status).toBe(404);
      for (const [path, field] of [
        ['/credibility?limit=0', 'limit'],
        ['/credibility?limit=501', 'limit'],
        ['/credibility?cursor=not-ours', 'cursor'],
        ['/credibility?minSettled=-1', 'minSettled'],
        ['/credibility?asOf=yesterday', 'asOf'],
      ] as const) {
        const response = await get<ProblemBody>(path);
        expect([path, response.status]).toEqual([path, 400]);
        expect(response.body.errors?.map((e) => e.field)).toContain(field);
      }
    });
  });
});
