import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { KnownActor } from '../domain/suggestion';
import {
  type Bar,
  bars,
  evaluateGold,
  evaluateSeeds,
  type GoldItem,
  type GoldResult,
  type KeyRecord,
  type Measure,
  type SeedArticle,
  type SeedResult,
} from './measures';

/**
 * `npm run eval:coding -- [SEEDS_FOLDER] [--json] [--out FILE]`: measures the suggester
 * over the seed articles (when a folder with their text is given; the text is not ours
 * to commit) and over the gold set, prints precision and recall per measure and the
 * issue's bars, and writes the figures as JSON (bench/results/coding-eval.json unless
 * `--out` says otherwise; `--json` prints them instead of the table).
 */

// src/coding/eval or dist/coding/eval: the repository is three folders up either way;
// a copy compiled elsewhere falls back on the working directory (npm runs in the root).
const ROOT =
  [resolve(__dirname, '../../..'), process.cwd()].find((dir) =>
    existsSync(join(dir, 'test/fixtures/coding/gold.ndjson')),
  ) ?? process.cwd();

/**
 * Seed file → the title its records carry. The titles of two articles open their text,
 * but the third's records name an "(untitled report)", so the match is by this table
 * first and by the title found in the text's opening otherwise.
 */
const SEED_TITLES: Readonly<Record<string, string>> = {
  'article-essence-and-show.txt':
    'Trump – Putin Relationship: The Essence And the Show – AI Review',
  'article-kremlin-engagement.txt':
    'Tensions and Diplomacy: The Complex Dynamics Between Russia and the US',
  'article-mediator-reluctance.txt':
    'Trump reluctant to jeopardise relations with Putin (untitled report)',
};

function readNdjson<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

interface SampleActor {
  readonly id: string;
  readonly name: string;
  readonly kind?: string;
  readonly aliases?: readonly string[];
  readonly titles?: readonly string[];
}

interface SampleAffiliation {
  readonly actor: string;
  readonly parent: string;
  readonly role?: string;
  readonly to?: string;
}

/**
 * The sample's actors as the suggester sees them, titles built the way the service
 * builds them from the directory (`known-actors.ts`): each current role, alone and after
 * its parent's names ("Kremlin press secretary").
 */
export function sampleActors(
  actors: readonly SampleActor[],
  affiliations: readonly SampleAffiliation[],
): KnownActor[] {
  const byId = new Map(actors.map((actor) => [actor.id, actor]));
  return actors.map((actor) => {
    const titles = new Set(actor.titles ?? []);
    const mine = affiliations.filter((a) => a.actor === actor.id);
    for (const affiliation of mine) {
      if (!affiliation.role || affiliation.to !== undefined) continue;
      titles.add(affiliation.role);
      const parent = byId.get(affiliation.parent);
      for (const name of parent ? [parent.name, ...(parent.aliases ?? [])] : [])
        titles.add(`${name} ${affiliation.role}`);
    }
    return {
      id: actor.id,
      name: actor.name,
      aliases: actor.aliases ?? [],
      titles: [...titles],
      ...(actor.kind ? { kind: actor.kind } : {}),
      affiliations: mine.map((a) => a.parent),
    };
  });
}

/** The seed articles found in `folder`, each with the sample records coded from it. */
export function loadSeeds(folder: string, records: readonly KeyRecord[]): SeedArticle[] {
  const titles = [...new Set(records.map((record) => record.citation.title))];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .flatMap((file) => {
      const text = readFileSync(join(folder, file), 'utf8');
      const opening = text.slice(0, 2000);
      const title = SEED_TITLES[file] ?? titles.find((t) => opening.includes(t));
      if (!title) return [];
      const own = records.filter((record) => record.citation.title === title);
      const publishedAt = own.find((record) => record.citation.publishedAt)?.citation.publishedAt;
      return [{ file, text, title, records: own, ...(publishedAt ? { publishedAt } : {}) }];
    });
}

export interface EvalReport {
  readonly generatedAt: string;
  readonly seeds: (SeedResult & { readonly folder: string }) | { readonly skipped: string };
  readonly gold: GoldResult;
  /** The same measures over the held-out part of the gold set alone. */
  readonly heldOut: GoldResult;
  readonly bars: readonly Bar[];
}

export function runEvaluation(seedsFolder: string | undefined): EvalReport {
  const goldActors = readNdjson<SampleActor>(join(ROOT, 'test/fixtures/coding/actors.ndjson'));
  const items = readNdjson<GoldItem>(join(ROOT, 'test/fixtures/coding/gold.ndjson'));
  const gold = evaluateGold(items, sampleActors(goldActors, []));
  const heldOut = evaluateGold(
    items.filter((item) => item.batch === 'held-out'),
    sampleActors(goldActors, []),
  );
  let seeds: EvalReport['seeds'] = { skipped: 'no seed folder given' };
  let seedResult: SeedResult | null = null;
  if (seedsFolder) {
    const records = readNdjson<KeyRecord>(join(ROOT, 'data/sample/records.ndjson'));
    const actors = sampleActors(
      readNdjson<SampleActor>(join(ROOT, 'data/sample/actors.ndjson')),
      readNdjson<SampleAffiliation>(join(ROOT, 'data/sample/affiliations.ndjson')),
    );
    const articles = loadSeeds(resolve(seedsFolder), records);
    if (articles.length === 0) seeds = { skipped: `no seed article found in ${seedsFolder}` };
    else {
      seedResult = evaluateSeeds(articles, actors);
      seeds = { folder: seedsFolder, ...seedResult };
    }
  }
  return {
    generatedAt: new Date().toISOString(),
    seeds,
    gold,
    heldOut,
    bars: bars(seedResult, gold),
  };
}

const pct = (value: number | null): string =>
  value === null ? '—' : `${(value * 100).toFixed(1)}%`;

function table(title: string, measures: readonly Measure[]): string[] {
  return [
    `| ${title} | key | suggested | right | precision | recall |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...measures.map(
      (m) =>
        `| ${m.name} | ${m.truth} | ${m.suggested} | ${m.correct} | ${pct(m.precision)} | ${pct(m.recall)} |`,
    ),
  ];
}

/** The report as Markdown tables, as README "Assisted coding" shows it. */
export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  if ('skipped' in report.seeds)
    lines.push(`Seed articles: skipped (${report.seeds.skipped}).`, '');
  else {
    const seeds = report.seeds;
    lines.push(
      `Seed articles (${seeds.articles.length}, from ${seeds.folder}; key: data/sample/records.ndjson):`,
      '',
      ...seeds.articles.map(
        (a) =>
          `- ${a.file}: ${a.records} records, ${a.candidates} candidates, ${a.exactAndSpeaker} exact with the right speaker, ${a.unmatched} matching no record`,
      ),
      '',
      ...table('seeds', seeds.measures),
      '',
    );
    if (!seeds.measures.some((m) => m.name === 'date (day)' && m.truth > 0))
      lines.push(
        'Dates on the seeds are not measured: the sample citations carry no publication time, and "on Sunday" means nothing without one.',
        '',
      );
  }
  lines.push(
    `Gold set (${report.gold.items} sentences, test/fixtures/coding/gold.ndjson):`,
    '',
    ...table('gold, whole suggester', report.gold.measures),
    '',
    ...table('gold, classify alone', report.gold.classifyOnly),
    '',
    `Held-out part of the gold set (${report.heldOut.items} sentences written after the dictionaries were frozen):`,
    '',
    ...table('held-out, whole suggester', report.heldOut.measures),
    '',
    ...table('held-out, classify alone', report.heldOut.classifyOnly),
    '',
    '| bar | today | needed | met |',
    '| --- | ---: | ---: | --- |',
    ...report.bars.map(
      (b) =>
        `| ${b.name} | ${b.name.includes('per true') ? (b.value ?? '—') : pct(b.value)} | ${b.bar} | ${b.met ? 'yes' : 'no'} |`,
    ),
  );
  return lines.join('\n');
}

function main(argv: readonly string[]): void {
  const args = [...argv];
  const json = args.includes('--json');
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : join(ROOT, 'bench/results/coding-eval.json');
  const folder = args.find((arg, i) => !arg.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  if (folder && !existsSync(folder)) {
    process.stderr.write(`eval:coding: no such folder: ${folder}\n`);
    process.exitCode = 2;
    return;
  }
  const report = runEvaluation(folder);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else
    process.stdout.write(
      `${formatReport(report)}\n\nFigures written to ${out ? basename(out) : '—'}.\n`,
    );
}

if (require.main === module) main(process.argv.slice(2));
