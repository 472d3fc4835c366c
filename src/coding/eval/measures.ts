import { classify } from '../domain/classify';
import type { CandidateRecord, KnownActor, SuggestedKind } from '../domain/suggestion';
import { suggestArticle } from '../suggest/suggest-article';

/**
 * The scoring behind `npm run eval:coding`: the suggester against (1) the seed articles,
 * whose hand-coded records in data/sample/ are the answer key, and (2) the gold set of
 * sentences in test/fixtures/coding/. Pure: the caller reads the files.
 */

/** One measure: how many answers there were, how many were suggested, how many right. */
export interface Measure {
  readonly name: string;
  /** Answers in the key (the denominator of recall). */
  readonly truth: number;
  /** Suggestions that gave a value (the denominator of precision). */
  readonly suggested: number;
  readonly correct: number;
  readonly precision: number | null;
  readonly recall: number | null;
}

export function measure(name: string, truth: number, suggested: number, correct: number): Measure {
  return {
    name,
    truth,
    suggested,
    correct,
    precision: suggested > 0 ? round3(correct / suggested) : null,
    recall: truth > 0 ? round3(correct / truth) : null,
  };
}

/** A sample record as far as the evaluation needs it (data/sample/records.ndjson). */
export interface KeyRecord {
  readonly id: string;
  readonly kind: string;
  readonly source: string;
  readonly target: string;
  readonly occurredAt: string;
  readonly quote?: string;
  readonly code?: string;
  readonly citation: { readonly title: string; readonly publishedAt?: string };
}

/** One sentence of the gold set (test/fixtures/coding/gold.ndjson; README there). */
export interface GoldItem {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly target: string;
  readonly kind: SuggestedKind;
  readonly cameoRoot: string;
  readonly quote?: string;
  readonly reported?: boolean;
  readonly publishedAt?: string;
  /** The day the act took place, YYYY-MM-DD, where the text says it. */
  readonly date?: string;
  /** `held-out`: written after the dictionaries were frozen, never used to tune them. */
  readonly batch?: string;
}

const root = (code: string | undefined): string | undefined => code?.slice(0, 2);
const day = (iso: string | undefined): string | undefined => iso?.slice(0, 10);

/** Where `quote` sits in `text` exactly, every occurrence. */
function occurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at >= 0 && quote; at = text.indexOf(quote, at + 1))
    found.push(at);
  return found;
}

const exactSpan = (text: string, candidate: CandidateRecord, quote: string): boolean =>
  candidate.quote.text === quote &&
  occurrences(text, quote).includes(candidate.quote.start) &&
  candidate.quote.end === candidate.quote.start + quote.length;

const overlaps = (candidate: CandidateRecord, start: number, end: number): boolean =>
  candidate.quote.start < end && start < candidate.quote.end;

/** How a suggestion compares with one key record it was paired with. */
interface Pair {
  readonly candidate: CandidateRecord;
  readonly exact: boolean;
}

interface Tally {
  truth: number;
  candidates: number;
  exact: number;
  overlap: number;
  exactAndSpeaker: number;
  speaker: number;
  target: number;
  kind: number;
  cameoTop1: number;
  cameoTop3: number;
  dateTruth: number;
  dateSuggested: number;
  date: number;
  paired: number;
}

const emptyTally = (): Tally => ({
  truth: 0,
  candidates: 0,
  exact: 0,
  overlap: 0,
  exactAndSpeaker: 0,
  speaker: 0,
  target: 0,
  kind: 0,
  cameoTop1: 0,
  cameoTop3: 0,
  dateTruth: 0,
  dateSuggested: 0,
  date: 0,
  paired: 0,
});

interface Expected {
  readonly source: string;
  readonly target: string;
  readonly kind: string;
  readonly cameoRoot?: string;
  readonly day?: string;
}

/** Adds one key item and the suggestion paired with it (if any) to the tally. */
function score(tally: Tally, expected: Expected, pair: Pair | undefined): void {
  tally.truth += 1;
  if (expected.day) tally.dateTruth += 1;
  if (!pair) return;
  const { candidate } = pair;
  tally.paired += 1;
  tally.overlap += 1;
  const speakerRight = candidate.speaker.resolved?.actorId === expected.source;
  if (pair.exact) tally.exact += 1;
  if (pair.exact && speakerRight) tally.exactAndSpeaker += 1;
  if (speakerRight) tally.speaker += 1;
  if (candidate.target.resolved?.actorId === expected.target) tally.target += 1;
  if (candidate.kind === expected.kind) tally.kind += 1;
  const roots = candidate.cameo.map((guess) => root(guess.code));
  if (expected.cameoRoot && roots[0] === expected.cameoRoot) tally.cameoTop1 += 1;
  if (expected.cameoRoot && roots.includes(expected.cameoRoot)) tally.cameoTop3 += 1;
  if (expected.day && candidate.date) {
    tally.dateSuggested += 1;
    if (day(candidate.date.occurredAt) === expected.day) tally.date += 1;
  }
}

function measuresOf(tally: Tally): Measure[] {
  const { truth, candidates, paired } = tally;
  return [
    measure('quote, exact span', truth, candidates, tally.exact),
    measure('quote, overlapping span', truth, candidates, tally.overlap),
    measure('quote exact + speaker', truth, candidates, tally.exactAndSpeaker),
    measure('speaker (source)', truth, paired, tally.speaker),
    measure('target', truth, paired, tally.target),
    measure('kind', truth, paired, tally.kind),
    measure('CAMEO root, top 1', truth, paired, tally.cameoTop1),
    measure('CAMEO root, top 3', truth, paired, tally.cameoTop3),
    measure('date (day)', tally.dateTruth, tally.dateSuggested, tally.date),
  ];
}

/** The result of one article: its key records, its candidates and the tally. */
export interface ArticleResult {
  readonly file: string;
  readonly title: string;
  readonly records: number;
  readonly candidates: number;
  readonly exactAndSpeaker: number;
  /** Candidates that match no key record, not even by overlap. */
  readonly unmatched: number;
}

export interface SeedArticle {
  readonly file: string;
  readonly text: string;
  readonly title: string;
  readonly records: readonly KeyRecord[];
  readonly publishedAt?: string;
}

export interface SeedResult {
  readonly articles: readonly ArticleResult[];
  readonly measures: readonly Measure[];
  /** Candidates that match no record exactly with the right speaker, per one that does. */
  readonly falsePerTrue: number | null;
}

/**
 * Pairs each key record with the suggestion that quotes it: the exact span if one does,
 * else the suggestion overlapping it most. A suggestion pairs with one record at most.
 */
function pairUp(
  text: string,
  candidates: readonly CandidateRecord[],
  quote: string | undefined,
  taken: Set<CandidateRecord>,
): Pair | undefined {
  if (!quote) return undefined;
  const free = candidates.filter((candidate) => !taken.has(candidate));
  const exact = free.find((candidate) => exactSpan(text, candidate, quote));
  if (exact) {
    taken.add(exact);
    return { candidate: exact, exact: true };
  }
  let best: CandidateRecord | undefined;
  let bestOverlap = 0;
  for (const start of occurrences(text, quote)) {
    const end = start + quote.length;
    for (const candidate of free.filter((c) => overlaps(c, start, end))) {
      const shared = Math.min(end, candidate.quote.end) - Math.max(start, candidate.quote.start);
      if (shared > bestOverlap) {
        best = candidate;
        bestOverlap = shared;
      }
    }
  }
  if (!best) return undefined;
  taken.add(best);
  return { candidate: best, exact: false };
}

export function evaluateSeeds(
  articles: readonly SeedArticle[],
  actors: readonly KnownActor[],
): SeedResult {
  const tally = emptyTally();
  const results: ArticleResult[] = [];
  let falseCandidates = 0;
  for (const article of articles) {
    const candidates = suggestArticle(
      {
        text: article.text,
        title: article.title,
        ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
      },
      actors,
    );
    const before = tally.exactAndSpeaker;
    const taken = new Set<CandidateRecord>();
    const trueOnes = new Set<CandidateRecord>();
    for (const record of article.records) {
      const pair = pairUp(article.text, candidates, record.quote, taken);
      if (pair?.exact && pair.candidate.speaker.resolved?.actorId === record.source)
        trueOnes.add(pair.candidate);
      score(
        tally,
        {
          source: record.source,
          target: record.target,
          kind: record.kind,
          ...(record.code ? { cameoRoot: root(record.code) } : {}),
          ...(article.publishedAt ? { day: day(record.occurredAt) } : {}),
        },
        pair,
      );
    }
    tally.candidates += candidates.length;
    falseCandidates += candidates.length - trueOnes.size;
    results.push({
      file: article.file,
      title: article.title,
      records: article.records.length,
      candidates: candidates.length,
      exactAndSpeaker: tally.exactAndSpeaker - before,
      unmatched: candidates.filter((candidate) => !taken.has(candidate)).length,
    });
  }
  return {
    articles: results,
    measures: measuresOf(tally),
    falsePerTrue:
      tally.exactAndSpeaker > 0 ? round3(falseCandidates / tally.exactAndSpeaker) : null,
  };
}

export interface GoldResult {
  readonly items: number;
  /** Through the whole suggester: extraction, actor resolution, classification, dates. */
  readonly measures: readonly Measure[];
  /** Classification alone, given the gold quote: kind and CAMEO, the rules of `classify`. */
  readonly classifyOnly: readonly Measure[];
  readonly misses: readonly { readonly id: string; readonly what: string }[];
}

/** The gold set through the suggester (each item an article of one or two sentences). */
export function evaluateGold(
  items: readonly GoldItem[],
  actors: readonly KnownActor[],
): GoldResult {
  const tally = emptyTally();
  const misses: { id: string; what: string }[] = [];
  for (const item of items) {
    const candidates = suggestArticle(
      { text: item.text, ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}) },
      actors,
    );
    tally.candidates += candidates.length;
    // Without a gold quote the first candidate stands for the item.
    const pair: Pair | undefined = item.quote
      ? pairUp(item.text, candidates, item.quote, new Set())
      : candidates[0] && { candidate: candidates[0], exact: false };
    score(
      tally,
      {
        source: item.source,
        target: item.target,
        kind: item.kind,
        cameoRoot: item.cameoRoot,
        ...(item.date ? { day: item.date } : {}),
      },
      pair,
    );
    if (!pair) misses.push({ id: item.id, what: 'no candidate quotes it' });
    else if (pair.candidate.speaker.resolved?.actorId !== item.source)
      misses.push({
        id: item.id,
        what: `speaker ${pair.candidate.speaker.resolved?.actorId ?? 'unresolved'}, not ${item.source}`,
      });
  }
  return {
    items: items.length,
    measures: measuresOf(tally),
    classifyOnly: classifyGold(items).measures,
    misses,
  };
}

/** `classify` alone over the gold set, each item with its own quote and sentence. */
export function classifyGold(items: readonly GoldItem[]): {
  measures: Measure[];
  wrong: { id: string; what: string }[];
} {
  let kind = 0;
  let top1 = 0;
  let top3 = 0;
  const wrong: { id: string; what: string }[] = [];
  for (const item of items) {
    const result = classify({
      sentence: item.text,
      quote: item.quote ?? item.text,
      reported: item.reported ?? false,
    });
    const roots = result.cameo.map((guess) => root(guess.code));
    if (result.kind === item.kind) kind += 1;
    else wrong.push({ id: item.id, what: `kind ${result.kind}, not ${item.kind}` });
    if (roots[0] === item.cameoRoot) top1 += 1;
    if (roots.includes(item.cameoRoot)) top3 += 1;
    else
      wrong.push({
        id: item.id,
        what: `CAMEO ${result.cameo.map((g) => g.code).join('/')}, not root ${item.cameoRoot}`,
      });
  }
  const n = items.length;
  return {
    measures: [
      measure('kind (classify alone)', n, n, kind),
      measure('CAMEO root, top 1 (classify alone)', n, n, top1),
      measure('CAMEO root, top 3 (classify alone)', n, n, top3),
    ],
    wrong,
  };
}

/** A bar of the issue, and whether today's figure meets it. */
export interface Bar {
  readonly name: string;
  readonly value: number | null;
  readonly bar: string;
  readonly met: boolean;
}

const valueOf = (measures: readonly Measure[], name: string): number | null =>
  measures.find((m) => m.name === name)?.recall ?? null;

/** The bars, seed ones only when the seeds were evaluated. */
export function bars(seeds: SeedResult | null, gold: GoldResult): Bar[] {
  const atLeast = (name: string, value: number | null, floor: number): Bar => ({
    name,
    value,
    bar: `≥ ${Math.round(floor * 100)}%`,
    met: value !== null && value >= floor,
  });
  const list: Bar[] = [];
  if (seeds) {
    list.push(
      atLeast(
        'seeds: quotes with exact span and right speaker',
        valueOf(seeds.measures, 'quote exact + speaker'),
        0.9,
      ),
    );
    list.push({
      name: 'seeds: false candidates per true one',
      value: seeds.falsePerTrue,
      bar: '≤ 0.333 (1 per 3)',
      met: seeds.falsePerTrue !== null && seeds.falsePerTrue <= 1 / 3,
    });
  }
  list.push(atLeast('gold: kind accuracy', valueOf(gold.measures, 'kind'), 0.8));
  list.push(atLeast('gold: CAMEO root top-3', valueOf(gold.measures, 'CAMEO root, top 3'), 0.7));
  list.push(atLeast('gold: source actor', valueOf(gold.measures, 'speaker (source)'), 0.8));
  return list;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
