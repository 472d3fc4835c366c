import { CAMEO_EVENT_CODES, CAMEO_GOLDSTEIN } from '../../records/domain/cameo-goldstein';
import type { ThreatInstrument } from '../../records/domain/record';
import { CAMEO_LABELS } from './lexicon/cameo-labels';
import { CAMEO_PHRASES } from './lexicon/cameo-lexicon';
import {
  type Cue,
  DENIAL_CUES,
  FUTURE_OR_CONDITION,
  THREAT_CUES,
  THREAT_INSTRUMENT_CUES,
  TONE_WORDS,
} from './lexicon/kinds-lexicon';
import type { CameoGuess, Classification, SuggestedKind, ThreatDetails } from './suggestion';

/** What classification sees of one candidate: the sentence, the quote and who is involved. */
export interface ClassifyInput {
  readonly sentence: string;
  readonly quote: string;
  readonly reported: boolean;
  readonly speakerName?: string;
  readonly targetName?: string;
}

/**
 * Turns a dictionary phrase into a regular expression (syntax in `cameo-lexicon.ts`).
 * Word boundaries are spelled out with look-arounds rather than `\b` so that phrases
 * ending in punctuation or an apostrophe ("won't") still match.
 */
export function phraseToRegExp(phrase: string): RegExp {
  const parts = phrase
    .trim()
    .split(/\s+/)
    .map((word) => {
      if (word === '_') return '(?:\\S+\\s+){0,3}?';
      const stem = word.endsWith('*') ? word.slice(0, -1) : word;
      const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return word.endsWith('*') ? `${escaped}[\\w'-]*` : escaped;
    });
  // A gap already ends in whitespace, so it joins the next word without another \s+.
  let source = '';
  parts.forEach((part, index) => {
    source += part;
    const isGap = part.startsWith('(?:\\S+');
    if (index < parts.length - 1 && !isGap) source += '\\s+';
  });
  return new RegExp(`(?<![\\w'])${source}(?![\\w'])`, 'i');
}

/**
 * A compiled phrase: its expression, and its longest literal word, which must occur in
 * the (lower-case) text before the expression is worth running. Most phrases are absent
 * from most quotes, and `includes` rules them out far faster than the expression: it is
 * what keeps a 10,000-word article's hundreds of quotes well under a second.
 */
interface Phrase {
  readonly re: RegExp;
  readonly anchor: string;
}

export function compilePhrase(phrase: string): Phrase {
  const anchor = phrase
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '_')
    .map((word) => word.replace(/\*$/, ''))
    .reduce((longest, word) => (word.length > longest.length ? word : longest), '');
  return { re: phraseToRegExp(phrase), anchor };
}

/** Where `phrase` first occurs in `lower` (lower-case text), or -1. */
function indexIn(phrase: Phrase, lower: string): number {
  if (!lower.includes(phrase.anchor)) return -1;
  return phrase.re.exec(lower)?.index ?? -1;
}

const occursIn = (phrase: Phrase, lower: string): boolean => indexIn(phrase, lower) >= 0;

interface CompiledCue extends Phrase {
  readonly weight: number;
  readonly phrase: string;
}

const compile = (cues: readonly Cue[]): CompiledCue[] =>
  cues.map((cue) => ({ ...compilePhrase(cue.phrase), weight: cue.weight, phrase: cue.phrase }));

// Compiled once at load: classify runs for every quote of every article.
const THREAT = compile(THREAT_CUES);
const INSTRUMENTS = compile(THREAT_INSTRUMENT_CUES);
const DENIAL = compile(DENIAL_CUES);
const FUTURE = FUTURE_OR_CONDITION.map((word) => compilePhrase(word));
const CAMEO = CAMEO_PHRASES.map((entry) => ({
  code: entry.code,
  phrases: entry.phrases.map((phrase) => compilePhrase(phrase)),
  weight: entry.weight ?? 1,
}));

/** Curly quotes and apostrophes as straight ones, so one dictionary fits every outlet. */
export function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2013\u2014]/g, '-');
}

const COOPERATIVE =
  /\b(ready|willing|hope[sd]?|agree\w*|extend\w*|cooperat\w*|treaty|partners?|together)\b/i;

/** A negator just before a cue turns it around: "never threatened" is no threat. */
const NEGATED_BEFORE = /(?:\bnot|\bnever|\bno|n't)\s+(?:\S+\s+)?$/i;

/**
 * Sums the weights of the cues found: in full when in the quote, at `CONTEXT_FACTOR`
 * when only in the whole sentence (the attribution verb is outside the quote, and a
 * phrase may straddle the two: "rejected | the suggestion that ...").
 */
function cueScore(
  cues: readonly CompiledCue[],
  quote: string,
  sentence: string,
  skipNegated = false,
): number {
  let score = 0;
  const found = (cue: CompiledCue, text: string): boolean => {
    const at = indexIn(cue, text);
    if (at < 0) return false;
    return !(skipNegated && NEGATED_BEFORE.test(text.slice(0, at)));
  };
  for (const cue of cues) {
    if (found(cue, quote)) score += cue.weight;
    else if (found(cue, sentence)) score += cue.weight * CONTEXT_FACTOR;
  }
  return score;
}

/**
 * What a phrase found only outside the quote weighs, against 1 inside it: the attribution
 * ("warned", "denied") is telling, but it also carries words about other things.
 */
const CONTEXT_FACTOR = 0.8;
/**
 * The score a plain statement starts with: a cue must outweigh it to make a threat or a
 * denial. Just under 2, so that one strong cue ("all options", "countermeasures") does.
 */
const STATEMENT_PRIOR = 1.9;

interface KindDecision {
  readonly kind: SuggestedKind;
  readonly kindScore: number;
  readonly scores: Readonly<Record<SuggestedKind, number>>;
}

function decideKind(quote: string, sentence: string): KindDecision {
  const threatOwn = cueScore(THREAT, quote, sentence, true);
  const instrument = cueScore(INSTRUMENTS, quote, sentence, true);
  // The future may sit in the attribution ("he would impose ..."), so the sentence is read.
  const future = FUTURE.some((phrase) => occursIn(phrase, sentence));
  const conditional = /\b(if|unless|or else|otherwise)\b/i.test(quote);
  const deadline = DEADLINE.test(sentence) ? 1.5 : 0;
  // An instrument threatens only when said with a future or a condition ("imposed
  // sanctions" reports an act); a condition or a deadline on top makes it coercive.
  // Said in a cooperative breath ("ready to extend the nuclear arms treaty", "hoped
  // Europe would make the right choice on tariffs") an instrument threatens less.
  const cooperative = COOPERATIVE.test(quote) ? 0.5 : 1;
  const coercion = future ? Math.min(instrument * 1.5, 4) * cooperative : 0;
  const threat = threatOwn + coercion + (coercion > 0 ? deadline + (conditional ? 1 : 0) : 0);
  const denial = cueScore(DENIAL, quote, sentence);
  const scores: Record<SuggestedKind, number> = {
    statement: STATEMENT_PRIOR,
    threat,
    denial,
  };
  const ranked = (Object.entries(scores) as [SuggestedKind, number][]).sort((a, b) => b[1] - a[1]);
  const [first] = ranked;
  const kind = first ? first[0] : 'statement';
  const total = ranked.reduce((sum, [, score]) => sum + score, 0);
  const kindScore = total > 0 ? round2((first?.[1] ?? 0) / total) : 1;
  return { kind, kindScore, scores };
}

/** The root (first two digits) of a CAMEO code. */
export function cameoRoot(code: string): string {
  return code.slice(0, 2);
}

/** What each kind suggests when its words point nowhere else. */
const KIND_DEFAULT: Readonly<Record<SuggestedKind, string>> = {
  statement: '010',
  threat: '130',
  denial: '016',
};

function rankCameo(quote: string, sentence: string, kind: SuggestedKind): CameoGuess[] {
  const byCode = new Map<string, number>();
  for (const entry of CAMEO) {
    let score = 0;
    for (const phrase of entry.phrases) {
      if (occursIn(phrase, quote)) score += entry.weight;
      else if (occursIn(phrase, sentence)) score += entry.weight * CONTEXT_FACTOR;
    }
    if (score > 0) byCode.set(entry.code, (byCode.get(entry.code) ?? 0) + score);
  }
  // The kind is decided on stronger evidence than any single phrase, so it steers the
  // code: a threat's code is a 13x, a denial's 016, unless the words say otherwise.
  for (const [code, score] of byCode) {
    const root = cameoRoot(code);
    if (kind === 'threat') byCode.set(code, root === '13' ? score * 1.5 : score * 0.5);
    else if (kind === 'denial') byCode.set(code, code === '016' ? score * 1.5 : score * 0.6);
    else if (root === '13') byCode.set(code, score * 0.3);
    else if (code === '016') byCode.set(code, score * 0.3);
  }
  const fallback = KIND_DEFAULT[kind];
  byCode.set(fallback, (byCode.get(fallback) ?? 0) + 1);

  // One guess per root: three guesses in three roots help a recorder more than 111,
  // 112 and 110, and the root is what matters most in event data.
  const roots = new Map<string, { total: number; best: string; bestScore: number }>();
  for (const [code, score] of byCode) {
    if (!CAMEO_EVENT_CODES.has(code)) continue;
    const root = cameoRoot(code);
    const seen = roots.get(root);
    if (!seen) roots.set(root, { total: score, best: code, bestScore: score });
    else {
      seen.total += score;
      // A more specific code wins a tie: 1312 over 130 when both matched equally.
      if (score > seen.bestScore || (score === seen.bestScore && code.length > seen.best.length)) {
        seen.best = code;
        seen.bestScore = score;
      }
    }
  }
  const ranked = [...roots.values()].sort((a, b) => b.total - a.total);
  const total = ranked.reduce((sum, root) => sum + root.total, 0);
  const guesses = ranked.slice(0, 3).map((root) => ({
    code: root.best,
    score: round2(root.total / total),
    label: CAMEO_LABELS[root.best] ?? '',
  }));
  // Always three guesses: pad with the other kinds' generic codes, scored zero.
  for (const code of ['010', '111', '130', '016', '013']) {
    if (guesses.length >= 3) break;
    if (guesses.some((guess) => cameoRoot(guess.code) === cameoRoot(code))) continue;
    guesses.push({ code, score: 0, label: CAMEO_LABELS[code] ?? '' });
  }
  return guesses;
}

const NEGATORS = /^(not|no|never|n't|nothing|hardly|without)$/i;

/**
 * Tone on the recorder's scale (−10 hostile … +10 cordial): the Goldstein weight of the
 * top code, moved by the quote's own tone words (a word after a negator counts the other
 * way), clamped and rounded. `basis` spells out both parts so the recorder can judge it.
 */
function suggestTone(quote: string, code: string): { value: number; basis: string } {
  const goldstein = CAMEO_GOLDSTEIN.weights[code] ?? 0;
  const words = quote.toLowerCase().match(/[a-z']+/g) ?? [];
  let lexicon = 0;
  const seen: string[] = [];
  words.forEach((word, index) => {
    const weight = TONE_WORDS[word];
    if (weight === undefined) return;
    const window = words.slice(Math.max(0, index - 3), index);
    const negated = window.some((w) => NEGATORS.test(w) || w.endsWith("n't"));
    lexicon += negated ? -weight : weight;
    seen.push(`${negated ? 'not ' : ''}${word} (${weight > 0 ? '+' : ''}${weight})`);
  });
  const wordPart = Math.max(-5, Math.min(5, lexicon * 1.5));
  const value = Math.round(Math.max(-10, Math.min(10, goldstein * 0.6 + wordPart)));
  const words_ = seen.length
    ? `tone words ${seen.slice(0, 6).join(', ')} → ${fmt(wordPart)}`
    : 'no tone words';
  return {
    value: value === 0 ? 0 : value,
    basis: `Goldstein of ${code} (${fmt(goldstein)}) × 0.6 = ${fmt(goldstein * 0.6)}; ${words_}`,
  };
}

const INSTRUMENT_RULES: readonly { readonly instrument: ThreatInstrument; readonly re: RegExp }[] =
  [
    { instrument: 'tariff', re: /\b(tariffs?|duties|levies|import taxes?)\b/i },
    {
      instrument: 'sanction',
      re: /\b(sanction\w*|embargo\w*|blacklist\w*|asset freezes?|(?:freeze|froze)\w*\b.{0,40}\bassets)\b/i,
    },
    {
      instrument: 'military',
      re: /\b(nuclear|military|troops|forces?|strikes?|missiles?|attack\w*|war|invade|invasion|bomb\w*|destroy\w*|army|navy|retaliate militarily|legitimate targets?|blockade)\b/i,
    },
    {
      instrument: 'diplomatic',
      re: /\b(expel\w* (?:\w+ )?diplomats|diplomats|ambassador|embassy|relations|ties|talks|negotiations|walk away)\b/i,
    },
    {
      instrument: 'economic',
      re: /\b(gas|oil|energy|aid|trade|exports?|imports?|assets|funding|loans?|supplies)\b/i,
    },
  ];

/** The instrument a threat names, in the records' own vocabulary (`ThreatInstrument`). */
export function threatInstrument(text: string): ThreatInstrument {
  return INSTRUMENT_RULES.find((rule) => rule.re.test(text))?.instrument ?? 'other';
}

const MAGNITUDE =
  /(\$\s?\d[\d,.]*\s*(?:trillion|billion|million|bn|m)?|€\s?\d[\d,.]*\s*(?:trillion|billion|million|bn|m)?|\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)|\b\d[\d,.]*\s+(?:trillion|billion|million)\s+(?:dollars|euros|rubles|roubles)|\b\d[\d,]*\s+(?:troops|soldiers|missiles|warheads|sanctions))/i;

const CONDITION =
  /\b(if|unless|should|as long as|so long as|until|provided that|in case|in the event that|otherwise)\b\s*([^,.;:!?"]*)/i;

const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\\.?';
const NUMBER_WORDS =
  '(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty-eight|fifty|sixty|ninety|a few|several)';
const DEADLINE = new RegExp(
  `\\b((?:by|before|no later than|not later than)\\s+(?:(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+|next\\s+)?(?:day|week|month|year)|${WEEKDAY}|(?:next|this)\\s+${WEEKDAY}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}|tomorrow|tonight|midnight|noon|the deadline)` +
    `|(?:within|in the next|in)\\s+(?:the\\s+next\\s+)?${NUMBER_WORDS}\\s+(?:hours?|days?|weeks?|months?)` +
    `|${NUMBER_WORDS}[- ](?:hours?|days?|weeks?)(?:\\s+|-)(?:deadline|ultimatum))\\b`,
  'i',
);

/** Threat details read off the words: instrument, magnitude, condition and deadline. */
export function threatDetails(quote: string, sentence: string): ThreatDetails {
  const text = normalise(quote);
  const wider = normalise(sentence);
  const instrument =
    threatInstrument(text) === 'other' ? threatInstrument(wider) : threatInstrument(text);
  const magnitude = (MAGNITUDE.exec(text) ?? MAGNITUDE.exec(wider))?.[1]?.trim();
  const deadline = (DEADLINE.exec(text) ?? DEADLINE.exec(wider))?.[1]?.trim();
  const conditionMatch = CONDITION.exec(text) ?? CONDITION.exec(wider);
  let condition: string | undefined;
  if (conditionMatch) {
    const [, conjunction = '', clause = ''] = conditionMatch;
    // "if" and "should" only introduce the condition; "unless" and "until" invert it, so
    // they stay and the recorder reads the condition as said.
    const keep = !/^(if|should|in case|in the event that|provided that)$/i.test(conjunction);
    const body = clause
      .replace(/\s+then$/i, '')
      .replace(/\s+(?:we|they|it|he|she)\s+(?:will|would|shall)\b.*$/i, '');
    // A deadline inside the clause is reported as the deadline, not as part of the condition.
    const trimmed = body.replace(DEADLINE, '').replace(/\s+/g, ' ').trim();
    if (trimmed.split(/\s+/).length >= 2)
      condition = keep ? `${conjunction.toLowerCase()} ${trimmed}` : trimmed;
  }
  return {
    instrument,
    ...(magnitude ? { magnitude } : {}),
    ...(condition ? { condition } : {}),
    ...(deadline ? { deadline } : {}),
  };
}

const CLAIM_NOUNS =
  '(?:claims?|allegations?|accusations?|reports?|suggestions?|assertions?|charges?|rumou?rs?|speculation)';

/**
 * The claim a denial denies, in words: what follows "denied (that)", or "rejected the
 * claims that", the subject of "... is not true / baseless / fake news", the reports
 * "there is no truth" in, or the sentence without its "never". Failing those, the quote.
 */
export function deniedClaim(quote: string, sentence: string): string {
  const text = normalise(quote).trim();
  const wider = normalise(sentence).trim();
  const clean = (claim: string): string =>
    claim
      .replace(/^(?:that|of|to|as)\s+/i, '')
      .replace(/^["'\s]+|["'\s.,;:!?]+$/g, '')
      .trim();
  const patterns: readonly RegExp[] = [
    new RegExp(`\\bden(?:y|ies|ied|ying)\\s+(?:${CLAIM_NOUNS}\\s+)?(?:that\\s+)?([^;"]+)`, 'i'),
    new RegExp(
      `\\b(?:reject|dismiss|refute)(?:s|ed|ing)?\\s+(?:the\\s+|as\\s+|these\\s+|those\\s+|such\\s+)?(?:\\w+\\s+){0,2}?${CLAIM_NOUNS}\\s+(?:that|of)\\s+([^;"]+)`,
      'i',
    ),
    new RegExp(
      `\\bno truth\\s+(?:to|in)\\s+(?:the\\s+)?(?:\\w+\\s+)?${CLAIM_NOUNS}\\s+(?:that\\s+)?([^;"]+)`,
      'i',
    ),
    new RegExp(
      `^["'\\s]*(?:the\\s+)?(?:\\w+\\s+){0,2}?${CLAIM_NOUNS}\\s+(?:that|of)\\s+(.+?)\\s+(?:is|are|was|were)\\s+(?:\\w+\\s+)?(?:not true|untrue|false|baseless|groundless|unfounded|fake news|fabricated|a lie|lies|nonsense|absurd)`,
      'i',
    ),
    /^(.+?)\s+(?:is|are|was|were)\s+(?:\w+\s+)?(?:not true|untrue|false|baseless|groundless|unfounded|fake news|fabricated|a lie|lies|a fabrication|disinformation)/i,
  ];
  for (const source of [text, wider]) {
    for (const pattern of patterns) {
      const claim = pattern.exec(source)?.[1];
      if (claim && claim.trim().split(/\s+/).length >= 2) return clean(claim);
    }
  }
  if (/\bnever\b/i.test(text)) return clean(text.replace(/\s*\bnever\b/i, ''));
  if (/\b(?:did not|didn't)\b/i.test(text))
    return clean(text.replace(/\b(?:did not|didn't)\b/i, 'did'));
  return clean(text);
}

/**
 * How much of a quote or sentence is read. A real quote is a few hundred characters; a
 * "sentence" of megabytes (text without full stops) would only cost time, so its
 * opening stands for it.
 */
const MAX_READ = 4000;

/**
 * Classifies one quote: its kind (statement, threat or denial), three CAMEO guesses in
 * three roots, a tone with how it was reached, and the threat's terms or the denied claim.
 * Pure and synchronous: dictionaries in `lexicon/`, no model, no network.
 */
export function classify(input: ClassifyInput): Classification {
  const quote = normalise(input.quote.slice(0, MAX_READ));
  const sentence = normalise(input.sentence.slice(0, MAX_READ));
  // The sentence as a whole is read too: the attribution ("Peskov denied that",
  // "warned") is there, not in the quote. Matching runs on lower case (see `Phrase`).
  const lowerQuote = quote.toLowerCase();
  const lowerSentence = sentence.toLowerCase();
  const { kind, kindScore } = decideKind(lowerQuote, lowerSentence);
  const cameo = rankCameo(lowerQuote, lowerSentence, kind);
  const top = cameo[0]?.code ?? KIND_DEFAULT[kind];
  const tone = suggestTone(quote, top);
  return {
    kind,
    kindScore,
    cameo,
    tone,
    ...(kind === 'threat' ? { threat: threatDetails(quote, sentence) } : {}),
    ...(kind === 'denial' ? { denial: { claim: deniedClaim(quote, sentence) } } : {}),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function fmt(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return rounded > 0 ? `+${rounded}` : `${rounded}`;
}
