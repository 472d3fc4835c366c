import { createHash } from 'node:crypto';
import { detectAll } from 'tinyld';

/** The most text one article may hold: 1,000,000 characters (about 170,000 English words). */
export const MAX_ARTICLE_CHARS = 1_000_000;

/** Why an article cannot be coded, for the HTTP layer (a problem) and the CLI (a message). */
export type ArticleRefusal =
  | { readonly reason: 'empty'; readonly message: string }
  | { readonly reason: 'too-large'; readonly message: string; readonly limit: number }
  | { readonly reason: 'binary'; readonly message: string }
  | { readonly reason: 'language'; readonly message: string; readonly language: string };

export interface ArticleFacts {
  readonly hash: string;
  readonly words: number;
  /** ISO 639-1 as detected, or `und` when the text is too short to tell. */
  readonly language: string;
}

/** Letters needed before the language is judged at all: a headline-length text is too little to tell. */
const MIN_LETTERS_TO_JUDGE = 60;
/** How much of the text the detector reads: enough to be sure, cheap on a long article. */
const LANGUAGE_SAMPLE_CHARS = 4_000;
/** The detector's confidence above which another language is refused. */
const CONFIDENT = 0.5;
/** Share of control or replacement characters above which a text is taken to be binary. */
const MAX_UNPRINTABLE_SHARE = 0.02;

/**
 * Checks an article before any coding: the suggester is tuned to English news prose, so
 * empty, oversized, binary and other-language texts are answered with a clear refusal
 * rather than with nonsense candidates (or a slow request).
 */
export function checkArticle(
  text: string,
  maxChars: number = MAX_ARTICLE_CHARS,
):
  | { readonly ok: true; readonly facts: ArticleFacts }
  | { readonly ok: false; readonly refusal: ArticleRefusal } {
  if (text.trim() === '') {
    return { ok: false, refusal: { reason: 'empty', message: 'text must not be empty or blank' } };
  }
  if (text.length > maxChars) {
    return {
      ok: false,
      refusal: {
        reason: 'too-large',
        limit: maxChars,
        message: `text is ${text.length} characters; an article may hold at most ${maxChars}`,
      },
    };
  }
  if (looksBinary(text)) {
    return {
      ok: false,
      refusal: {
        reason: 'binary',
        message: 'text is not readable text (NUL bytes, invalid UTF-8 or control characters)',
      },
    };
  }
  const language = languageOf(text);
  if (language !== 'en' && language !== 'und') {
    return {
      ok: false,
      refusal: {
        reason: 'language',
        language,
        message: `text reads as "${language}"; assisted coding reads English articles only`,
      },
    };
  }
  return { ok: true, facts: { hash: articleHash(text), words: wordCount(text), language } };
}

export function articleHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function wordCount(text: string): number {
  const words = text.match(/\S+/g);
  return words ? words.length : 0;
}

function looksBinary(text: string): boolean {
  // A NUL never occurs in prose; U+FFFD is what invalid UTF-8 decodes to.
  if (text.includes('\u0000')) return true;
  let unprintable = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const control = code < 32 && code !== 9 && code !== 10 && code !== 13;
    if (control || code === 0xfffd || (code >= 0x7f && code < 0xa0)) unprintable++;
  }
  return unprintable > Math.max(2, text.length * MAX_UNPRINTABLE_SHARE);
}

function languageOf(text: string): string {
  const sample = text.slice(0, LANGUAGE_SAMPLE_CHARS);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS_TO_JUDGE) return 'und';
  const [best] = detectAll(sample);
  if (!best) return 'und';
  if (best.lang === 'en') return 'en';
  return best.accuracy >= CONFIDENT ? best.lang : 'und';
}
