import { createHash } from 'node:crypto';
import { classify } from '../domain/classify';
import type { ArticleInput, CandidateRecord, KnownActor } from '../domain/suggestion';
import { ActorIndex } from './actor-mentions';
import { dateOf } from './dates';
import { extractQuotes } from './extract-quotes';
import { splitSentences } from './text-units';

/**
 * Suggests candidate records for an article, in text order. Pure apart from the bundled
 * libraries (chrono-node): no network, no model download, nothing recorded.
 */
export function suggestArticle(
  article: ArticleInput,
  actors: readonly KnownActor[],
): CandidateRecord[] {
  const { text } = article;
  const textHash = createHash('sha256').update(text).digest('hex');
  const index = new ActorIndex(actors);
  const sentences = splitSentences(text);
  const byStart = new Map(sentences.map((s, i) => [s.start, i]));
  const dates = new Map<number, ReturnType<typeof dateOf>>();
  return extractQuotes(text, sentences, index).map((q) => {
    const at = byStart.get(q.sentence.start);
    const previous = at === undefined ? undefined : sentences[at - 1];
    const sameParagraph =
      previous && at !== undefined && previous.paragraph === sentences[at]?.paragraph
        ? previous
        : undefined;
    const date =
      dates.get(q.sentence.start) ?? dateOf(q.sentence, sameParagraph, article.publishedAt);
    dates.set(q.sentence.start, date);
    const classification = classify({
      sentence: q.sentence.text,
      quote: q.quote.text,
      reported: q.quote.reported,
      ...(q.speaker.resolved ? { speakerName: q.speaker.resolved.name } : {}),
      ...(q.target.resolved ? { targetName: q.target.resolved.name } : {}),
    });
    return {
      ...classification,
      key: suggestionKey(textHash, q.quote.start, q.quote.end),
      ...q,
      date,
    };
  });
}

/** Stable across re-runs of the same text, so a rejected suggestion stays rejected. */
export function suggestionKey(textHash: string, start: number, end: number): string {
  return createHash('sha256').update(`${textHash}:${start}:${end}`).digest('hex').slice(0, 24);
}
