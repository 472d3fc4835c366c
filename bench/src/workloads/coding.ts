import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { suggestArticle, type KnownActor } from '../../../src/coding';
import { SAMPLE_DIR } from '../paths';
import { quantile } from './measure';
import { call, startServer } from './server';

/** Words of the article the bar is set for (issue 16: "a 10,000-word article ... under a second"). */
export const CODING_ARTICLE_WORDS = 10_000;

/**
 * Paragraphs written for the benchmark in the style of the wire copy recorders code:
 * direct quotes, reported speech, titles and pronouns, dates relative to publication.
 * `{n}` is replaced by the paragraph's number, so no two paragraphs are the same text.
 */
const PARAGRAPHS = [
  'WASHINGTON - President Donald Trump warned Russia on Sunday that he would put secondary tariffs on its oil. "If Russia does not make a deal on Ukraine, I will put secondary tariffs of 25 percent on all oil coming out of Russia," Trump told reporters aboard Air Force One during stop {n} of his tour.',
  'The Kremlin spokesman, Dmitry Peskov, said on Monday that Moscow had never refused to talk. "We have not received any proposal in writing," Peskov said. He added that the president remained open to contacts.',
  'Vladimir Putin rejected the accusation at a news conference in Moscow, his {n}th this year. "Russia has never interfered in the elections of other countries, and we deny it completely," Putin said, calling the claims absurd.',
  'Ukrainian President Volodymyr Zelensky thanked the allies for their support last week. "Without the help of our partners we would not have held the line," Zelensky said in his evening address, number {n} since the winter.',
  'Analysts in Brussels said the measures, the {n}th package discussed, would take months to bite. Officials said that the European Union was preparing new sanctions on Russian banks if the talks failed by Friday.',
  'Trump later said that Putin had been "very nice" to him on the phone and that the two men would meet soon. "I think he wants peace, I really do," he said, adding that the meeting could come within weeks.',
  'NATO Secretary General Mark Rutte urged members to spend more on defence. "We have to do more, and we have to do it faster," Rutte told a conference in The Hague on Thursday, his {n}th speech on the subject.',
  'Sergei Lavrov, the Russian foreign minister, accused Washington of blackmail. "Threats of sanctions will not make us change our position," Lavrov said on Tuesday. He warned that Moscow would respond to any new tariffs.',
];

/** An article of at least `words` words, from the paragraphs above. */
export function codingArticle(words = CODING_ARTICLE_WORDS): string {
  const parts: string[] = [];
  let count = 0;
  for (let n = 1; count < words; n++) {
    const paragraph = (PARAGRAPHS[(n - 1) % PARAGRAPHS.length] as string).replaceAll(
      '{n}',
      String(n),
    );
    parts.push(paragraph);
    count += paragraph.split(/\s+/).length;
  }
  return parts.join('\n\n');
}

interface SampleActor {
  id: string;
  name: string;
  kind: string;
  aliases?: string[];
  country?: string;
}

function sampleActors(): SampleActor[] {
  return readFileSync(`${SAMPLE_DIR}/actors.ndjson`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleActor);
}

/**
 * Suggesting for a 10,000-word article: in this process (the suggester alone, over the
 * sample's actor directory), then through `POST /coding/suggestions` of a running server
 * (validation, language check, actor directory, suggester and storing the suggestions).
 * One warm-up call each, then `rounds` timed calls; the bar is on the slowest.
 */
export async function runCoding(
  dbFile: string,
  rounds: number,
  profileDir?: string,
): Promise<{
  words: number;
  candidates: number;
  suggestMaxMs: number;
  suggestP50Ms: number;
  suggestColdMs: number;
  httpMaxMs: number;
  httpP50Ms: number;
  serverPeakRssMb: number;
}> {
  const text = codingArticle();
  const article = { text, publishedAt: '2025-07-14T09:00:00Z', outlet: 'Bench', title: 'Bench' };
  const actors: KnownActor[] = sampleActors().map((a) => ({
    id: a.id,
    name: a.name,
    aliases: a.aliases ?? [],
    titles: [],
    kind: a.kind,
  }));
  const coldStart = performance.now();
  const candidates = suggestArticle(article, actors).length;
  const suggestColdMs = performance.now() - coldStart;
  const inProcess: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    suggestArticle(article, actors);
    inProcess.push(performance.now() - start);
  }

  const server = await startServer(dbFile, profileDir);
  try {
    for (const actor of sampleActors())
      await call(server.baseUrl, 'POST', '/actors', actor, [201, 200]);
    await call(server.baseUrl, 'POST', '/coding/suggestions', article, [200]);
    const overHttp: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      await call(server.baseUrl, 'POST', '/coding/suggestions', article, [200]);
      overHttp.push(performance.now() - start);
    }
    return {
      words: text.split(/\s+/).length,
      candidates,
      suggestMaxMs: Math.max(...inProcess),
      suggestP50Ms: quantile(inProcess, 0.5),
      suggestColdMs,
      httpMaxMs: Math.max(...overHttp),
      httpP50Ms: quantile(overHttp, 0.5),
      serverPeakRssMb: server.peakRssMb(),
    };
  } finally {
    await server.stop();
  }
}
