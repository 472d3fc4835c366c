import type { ActorResolution, TextSpan } from '../domain/suggestion';
import { type ActorIndex, type Mention, unresolved } from './actor-mentions';
import { type Sentence, spanOf } from './text-units';

/** A quote found in the text with who said it and to whom, before classification. */
export interface ExtractedQuote {
  readonly quote: TextSpan & { readonly reported: boolean };
  readonly sentence: TextSpan;
  readonly speaker: ActorResolution;
  readonly target: ActorResolution;
}

/*
 * The verb lists below are the suggester's data: which words make a sentence an act worth
 * a record. They follow how recorders coded the sample (data/sample/records.ndjson):
 * an act is an actor, then a verb of saying or of a public stance, then what was said.
 */

/** Verbs of saying or of a public stance that open an act clause ("Trump has praised Putin"). */
const ACT_VERBS =
  'said|says|say|stated|states|told|tells|warned|warns|threatened|threatens|denied|denies|insisted|insists|' +
  'declared|declares|accused|accuses|boasted|boasts|praised|praises|criticized|criticised|criticizes|' +
  'criticises|criticizing|criticising|mocked|mocks|claimed|claims|suggested|suggests|expressed|expresses|' +
  'oscillated|shifted blame|pushing for|pushed for|reiterated|reiterates|vocalize criticism|vocalise criticism|' +
  'called|calls|urged|urges|demanded|demands|rejected|rejects|condemned|condemns|announced|announces|' +
  'promised|promises|vowed|vows|sided with|argued|argues|acknowledged|admitted|blamed|blames|added|adds|' +
  'stressed|emphasized|emphasised|repeated|wrote|tweeted|posted|described|describes|asked|asks|thanked|thanks|' +
  'noted|notes|reported|reports|lodged|welcomed|welcomes|pledged|pledges|offered|offers|proposed|proposes|' +
  'congratulated|protested|appealed';
const ACT_VERB = new RegExp(`\\b(?:${ACT_VERBS})\\b`, 'i');
const ACT_VERBS_ALL = new RegExp(`\\b(${ACT_VERBS})\\b`, 'gi');
const ATTRIBUTING_VERBS = new RegExp(
  `\\b(?:${ACT_VERBS}|dismissed|dismisses|described|describes)\\b`,
  'gi',
);
/** Of those, the verbs of reported speech: after "that", the clause is what was said. */
const REPORTING =
  /^(?:noted|notes|reported|reports|said|says|say|stated|states|told|tells|warned|warns|denied|denies|insisted|insists|declared|declares|claimed|claims|suggested|suggests|argued|argues|acknowledged|admitted|added|adds|stressed|emphasized|emphasised|announced|announces|repeated|wrote|tweeted|posted)$/i;
/** Participles that add a second act to a sentence ("..., warning that ..."). */
const ACT_PARTICIPLES =
  /,\s+(warning|stating|saying|adding|insisting|accusing|calling|threatening|noting|arguing|claiming|denying)\b/g;
/** Participles whose "that" clause is the quote itself, the verb being mere attribution. */
const ATTRIBUTING_PARTICIPLE = /^(?:stating|saying|adding|noting|arguing|claiming)$/i;
/** Verbs before a short quoted phrase that make it someone's words, not a scare quote. */
const QUOTE_CONTEXT =
  /(?<!so-)\b(?:said|says|called|calling|calls|described|describes|dismissed|dismisses|boasted|boasts|expressed|expresses|termed|labelled|labeled|branded|warned|declared|told|insisted|added|stated|wrote|tweeted|posted|desire to|vowed to|promised to|of having)\b[^“”"]{0,40}$|\b(?:dismiss\w*|describ\w*|call\w*|brand\w*|term\w*)\b[^“”".]{0,40}\bas\s+$/i;
/** "“...,” Peskov said": an attribution right after the closing quote. */
const ATTRIBUTION_AFTER = new RegExp(`^[\\s,]*[^,.;“"”]{0,60}?\\b(?:${ACT_VERBS})\\b`, 'i');
/** Words that may stand between a subject and its verb: auxiliaries, adverbs, asides. */
const FILLER =
  /^[\s,]*(?:(?:has|have|had|is|are|was|were|will|would|did|does|also|often|now|earlier|recently|consistently|publicly|frequently|repeatedly|on|occasion|at|times|in|turn|once|again|reportedly|begun|began|to|been|not|never|then|later|previously|openly|already|even|further|sharply|strongly|privately|himself|herself|today|yesterday|however)[\s,]+)*$/i;
/** Where an act clause stops: a new conjunct, an interpretation by the writer, a new clause. */
const CLAUSE_END =
  /,?\s+but\s|,\s+and\s|,\s+(?:he|she|they|his|her|their|its)\s|,[”"]?\s+(?:signaling|signalling|leveraging|highlighting|raising|reinforcing|underscoring|marking|hoping|aiming|while|which|leading|prompting|amid|despite|warning|stating|was|is|were|are)\b|\s+and\s+(?:has|have|had|is|was|expressed|called|urged|said|accused|warned|threatened|criticized|praised|shown)\b|\s+or\s+(?=\p{L}+ing\b)|\s+(?:signals|raises)\s/u;
/** Where a possessive act phrase ("Peskov's claim that ...") stops. */
const PHRASE_END =
  /\s+(?:signals|signal|raises|raise|suggests|shows|reflects|underscores|highlights|over|remains|drew|sparked)\s|[,;:]|\.(?:\s|$|\d)|$/;
const PHRASE_NOUNS =
  /^['’]s\s+(?:recent\s+|latest\s+|earlier\s+)?(?:denial|claim|claims|comments|remarks|indication|statement|statements|threat|threats|warning|accusation|accusations|criticism|insistence|assertion)\s+(?=that|of|regarding|about|on|to|against|toward|towards)/i;
/** An actor's name used as an adjective before its discourse: "Kremlin rhetoric that ...". */
const DISCOURSE_NOUNS =
  /^\s+(?:rhetoric|narrative|narratives|propaganda|messaging|talking points)\s+(?=that\s)/i;
const DISCOURSE_ADJECTIVE = /\b(?:broader|wider|official|familiar|usual|recent|longstanding)\s+$/i;
const PRONOUN = /\b(he|she|they)\b/gi;
const PREPOSITION_BEFORE =
  /\b(?:of|with|to|against|at|toward|towards|from|about|on|for|between|and|by|than|over|like)\s+$/i;
const TARGET_PREPOSITION = /\b(?:to|against|at|toward|towards|with|on)\s+$/i;

interface Subject {
  readonly resolution: ActorResolution;
  readonly start: number;
  readonly actorId: string | null;
}

/**
 * Finds the quotes of an article: direct quotes, reported speech ("Peskov said that
 * ..."), act clauses ("Trump has praised Putin, calling him ...") and possessive act
 * phrases ("Peskov's claim that ..."), each with speaker and target. Linear in the text:
 * every scan is per sentence over precomputed mentions.
 */
export function extractQuotes(
  text: string,
  sentences: readonly Sentence[],
  index: ActorIndex,
): ExtractedQuote[] {
  const mentions = index.mentions(text);
  // Adjectives inside a named mention ("Russian Foreign Minister") are part of the name.
  const demonyms: Mention[] = [];
  let ni = 0;
  for (const d of index.demonyms(text)) {
    while (ni < mentions.length && (mentions[ni] as Mention).end <= d.start) ni += 1;
    const next = mentions[ni];
    if (!next || next.start >= d.end) demonyms.push(d);
  }
  let di = 0;
  const quoted = findDirectQuotes(text);
  const out: ExtractedQuote[] = [];
  const seen = new Set<string>(); // quote spans already offered
  let mi = 0;
  let qi = 0;
  let paragraph = -1;
  let persons: Mention[] = []; // subject-like named persons so far in the paragraph
  for (let si = 0; si < sentences.length; si += 1) {
    const s = sentences[si] as Sentence;
    if (s.paragraph !== paragraph) {
      paragraph = s.paragraph;
      persons = [];
    }
    while (mi < mentions.length && (mentions[mi] as Mention).start < s.start) mi += 1;
    const local: Mention[] = [];
    for (let j = mi; j < mentions.length && (mentions[j] as Mention).end <= s.end; j += 1)
      local.push(mentions[j] as Mention);
    const subjectLike = local.filter(
      (m) => !PREPOSITION_BEFORE.test(text.slice(Math.max(s.start, m.start - 12), m.start)),
    );
    const antecedent = (pos: number): Mention | undefined => {
      const here = subjectLike.filter((m) => m.isPerson && m.end <= pos);
      return here[here.length - 1] ?? persons[persons.length - 1];
    };
    while (di < demonyms.length && (demonyms[di] as Mention).start < s.start) di += 1;
    const adjectives: Mention[] = [];
    for (let j = di; j < demonyms.length && (demonyms[j] as Mention).end <= s.end; j += 1)
      adjectives.push(demonyms[j] as Mention);
    const targets = [...local, ...adjectives].sort((a, b) => a.start - b.start);
    const ctx: SentenceContext = { text, s, local, subjectLike, antecedent, index, targets };

    const clauses = [
      ...actClauses(ctx),
      ...accordingTo(ctx),
      ...appositiveStances(ctx),
      ...exampleActs(ctx),
    ];
    const phrases = [...actPhrases(ctx), ...statementsAbout(ctx), ...characterisations(ctx)];
    const found: ExtractedQuote[] = [...phrases];
    // Direct quotes that start in this sentence.
    while (qi < quoted.length && (quoted[qi] as TextSpan).start < s.start) qi += 1;
    const direct: { span: TextSpan; words: number; sentence: TextSpan }[] = [];
    for (let j = qi; j < quoted.length && (quoted[j] as TextSpan).start < s.end; j += 1) {
      const q = quoted[j] as TextSpan;
      let endSentence = s;
      for (let k = si; k < sentences.length && (sentences[k] as Sentence).end < q.end; k += 1) {
        endSentence = sentences[k + 1] ?? endSentence;
      }
      direct.push({
        span: q,
        words: q.text.split(/\s+/).filter(Boolean).length,
        sentence: spanOf(text, s.start, Math.max(s.end, endSentence.end)),
      });
    }
    for (const clause of clauses) {
      const inside = direct.filter(
        (d) => d.span.start >= clause.quote.start && d.span.end <= clause.quote.end + 2,
      );
      const phrase = inside.find((d) => d.words >= 2);
      if (phrase) {
        // A quoted phrase inside the act is the recorder's quote; the clause around it is context.
        found.push({ ...clause, quote: { ...phrase.span, reported: false } });
        inside.forEach((d) => direct.splice(direct.indexOf(d), 1));
        continue;
      }
      inside.forEach((d) => direct.splice(direct.indexOf(d), 1));
      found.push(clause);
    }
    let previousSpeaker: ActorResolution | null = null;
    for (const d of direct) {
      if (phrases.some((p) => d.span.start >= p.quote.start && d.span.end <= p.quote.end + 2))
        continue;
      const before = text.slice(s.start, d.span.start - 1);
      const attributed =
        d.words >= 4 ||
        (d.words >= 2 &&
          (QUOTE_CONTEXT.test(before) ||
            ATTRIBUTION_AFTER.test(text.slice(closingAfter(text, d.span.end)))));
      if (!attributed) continue;
      const speaker: ActorResolution =
        quoteSpeaker(ctx, d.span, d.sentence) ??
        previousSpeaker ??
        unresolved(null, 'no attribution');
      previousSpeaker = speaker;
      found.push({
        quote: { ...d.span, reported: false },
        sentence: d.sentence,
        speaker,
        target: target(ctx, d.span, speaker),
      });
    }
    found.sort((a, b) => a.quote.start - b.quote.start || a.quote.end - b.quote.end);
    for (const f of found) {
      const key = `${f.quote.start}:${f.quote.end}`;
      if (!seen.has(key)) out.push(f);
      seen.add(key);
    }
    // The next sentence's "she" is most likely this sentence's subject, not its object
    // ("Kallas met Wang Yi in Brussels. She demanded ..."): keep the first person named.
    const subjectPerson = subjectLike.find((m) => m.isPerson);
    if (subjectPerson) persons.push(subjectPerson);
  }
  return out;
}

interface SentenceContext {
  readonly text: string;
  readonly s: Sentence;
  readonly local: readonly Mention[];
  readonly subjectLike: readonly Mention[];
  readonly antecedent: (pos: number) => Mention | undefined;
  readonly index: ActorIndex;
  /** Named mentions and state adjectives, in order: whom an act may address. */
  readonly targets: readonly Mention[];
}

/** Quoted passages in straight or curly double quotes, or curly single quotes used as quotes. */
function findDirectQuotes(text: string): TextSpan[] {
  const re =
    /“([^“”\n]{1,3000})”|"([^"\n]{1,3000})"|(?<=^|[\s(—–])‘([^‘’\n]{1,600}?)’(?=[\s,.;:!?)—–]|$)/g;
  const out: TextSpan[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? '';
    let start = m.index + 1;
    let end = start + inner.length;
    while (start < end && /\s/.test(text[start] ?? '')) start += 1;
    // Closing commas and full stops are the writer's punctuation; "!" and "?" are the speaker's.
    while (end > start && /[\s,.;:]/.test(text[end - 1] ?? '')) end -= 1;
    if (end > start && /\p{L}/u.test(text.slice(start, end))) out.push(spanOf(text, start, end));
  }
  return out;
}

/** The speaker of a direct quote: the attribution after it ("..., Zelensky stated") or before it. */
function quoteSpeaker(
  ctx: SentenceContext,
  q: TextSpan,
  sentence: TextSpan,
): ActorResolution | null {
  const { text } = ctx;
  const afterStart = closingAfter(text, q.end);
  const nextQuote = text.slice(afterStart, sentence.end).search(/[“"]/);
  const afterEnd = nextQuote < 0 ? sentence.end : afterStart + nextQuote;
  const after = text.slice(afterStart, afterEnd);
  const v = ACT_VERB.exec(after);
  if (v) {
    const verbAt = afterStart + v.index;
    const candidates = ctx.local.filter((m) => m.start >= afterStart && m.end <= afterEnd);
    // "..., Zelensky stated" (subject before the verb) or "..., said Peskov" (after it).
    const subject =
      candidates.filter((m) => m.end <= verbAt).pop() ?? candidates.find((m) => m.start >= verbAt);
    if (subject) return ctx.index.resolve(subject, 'attribution after the quote');
    const pronoun = /\b(he|she|they)\b/i.exec(after.slice(0, v.index));
    if (pronoun) return pronounResolution(ctx, afterStart + pronoun.index, pronoun[1] ?? '');
    const words = /^[\s,]*([^,]{1,60}?)\s*$/.exec(after.slice(0, v.index));
    if (words?.[1]) {
      const start = afterStart + after.indexOf(words[1]);
      return unresolved(
        spanOf(text, start, start + words[1].length),
        'attribution names no known actor',
      );
    }
  }
  const before = text.slice(ctx.s.start, q.start);
  const verbsBefore = [...before.matchAll(ATTRIBUTING_VERBS)];
  const last = verbsBefore[verbsBefore.length - 1];
  if (last) return subjectBefore(ctx, ctx.s.start + (last.index ?? 0), true)?.resolution ?? null;
  return null;
}

/** Just past the closing quote mark of a quote whose content ends at `contentEnd`. */
function closingAfter(text: string, contentEnd: number): number {
  const close = /[”"’]/.exec(text.slice(contentEnd, contentEnd + 4));
  return close ? contentEnd + close.index + 1 : contentEnd;
}

/** The subject of a verb at `verbAt`: the nearest actor or pronoun before it in the sentence. */
function subjectBefore(ctx: SentenceContext, verbAt: number, loose: boolean): Subject | null {
  const { text, s } = ctx;
  const mention = ctx.subjectLike.filter((m) => m.end <= verbAt).pop();
  let pronoun: { at: number; word: string } | null = null;
  PRONOUN.lastIndex = 0;
  const head = text.slice(s.start, verbAt);
  for (let m = PRONOUN.exec(head); m; m = PRONOUN.exec(head))
    pronoun = { at: s.start + m.index, word: m[1] ?? '' };
  const mentionOk = mention && (loose || FILLER.test(text.slice(mention.end, verbAt)));
  const pronounOk =
    pronoun && (loose || FILLER.test(text.slice(pronoun.at + pronoun.word.length, verbAt)));
  if (pronounOk && pronoun && (!mentionOk || !mention || pronoun.at > mention.start)) {
    const resolution = pronounResolution(ctx, pronoun.at, pronoun.word);
    return { resolution, start: pronoun.at, actorId: resolution.resolved?.actorId ?? null };
  }
  if (mentionOk && mention) {
    // "Some Republican lawmakers": a quantifier belongs to the subject.
    const det = /\b(Some|Many|Several|Most|Other)\s+$/.exec(
      text.slice(Math.max(s.start, mention.start - 10), mention.start),
    );
    const start = det ? mention.start - det[0].length : mention.start;
    return {
      resolution: ctx.index.resolve(mention, 'subject of the verb'),
      start,
      actorId: mention.actorId,
    };
  }
  return null;
}

function pronounResolution(ctx: SentenceContext, at: number, word: string): ActorResolution {
  const span = spanOf(ctx.text, at, at + word.length);
  const person = /^they$/i.test(word) ? undefined : ctx.antecedent(at);
  if (!person) return unresolved(span, 'pronoun without a named person before it in the paragraph');
  const r = ctx.index.resolve(
    person,
    `pronoun "${word}" → last named person in the paragraph`,
    person.score * 0.85,
  );
  return { ...r, span };
}

/** Act clauses: subject + act verb, up to where the act ends; "that" clauses are reported speech. */
function actClauses(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const out: ExtractedQuote[] = [];
  const verbRe = ACT_VERBS_ALL;
  verbRe.lastIndex = 0;
  let lastSubject: Subject | null = null;
  let coveredTo = s.start;
  for (let m = verbRe.exec(s.text); m; m = verbRe.exec(s.text)) {
    const verbAt = s.start + m.index;
    if (verbAt < coveredTo) continue;
    const verb = m[1] ?? '';
    const lead = text.slice(Math.max(s.start, verbAt - 6), verbAt);
    // A second conjunct ("... and expressed", "... or criticizing") shares the clause's subject.
    const conjunct: boolean =
      lastSubject !== null &&
      /(?:\band|\bor)\s+$/.test(lead) &&
      verbAt === coveredTo + (lead.match(/\s*(?:and|or)\s+$/)?.[0].length ?? 0);
    // "he was described as ...": a passive names whom it was said of, not who said it.
    if (/(?:ed|told)$/i.test(verb) && /\b(?:was|were|been|being|is|are)\s+$/i.test(lead)) continue;
    const subject: Subject | null = conjunct ? lastSubject : subjectBefore(ctx, verbAt, false);
    if (!subject) continue;
    // "“...,” Lavrov said on Sunday": the attribution of a direct quote, not an act of its own.
    if (/[”"][\s,]*$/.test(text.slice(Math.max(s.start, subject.start - 4), subject.start)))
      continue;
    if (/^\s*,?\s*[“"]/.test(text.slice(verbAt + verb.length))) continue;
    const end = clauseEnd(text, verbAt + verb.length, s.end);
    let start = conjunct ? verbAt : subject.start;
    // An aside between auxiliary and verb ("Trump has, at times, shifted") starts the act at the verb.
    if (
      !conjunct &&
      /,\s*$/.test(text.slice(subject.start, verbAt)) &&
      /\b(?:has|have|had)\b/.test(text.slice(subject.start, verbAt))
    )
      start = verbAt;
    let reported = false;
    const complement = reportedComplement(verb, text.slice(verbAt + verb.length, end));
    if (complement !== null) {
      start = verbAt + verb.length + complement;
      reported = true;
    }
    // "..., Zelensky stated." is the attribution of a direct quote, not an act of its own.
    if (
      text
        .slice(verbAt + verb.length, end)
        .trim()
        .split(/\s+/).length < 2
    )
      continue;
    if (end - start < 8) continue;
    const quote = { ...spanOf(text, start, end), reported };
    out.push(extracted(ctx, quote, subject.resolution));
    lastSubject = subject;
    coveredTo = end;
    verbRe.lastIndex = end - s.start;
  }
  // Participial acts not already inside a clause: "..., stating that ...", "..., warning that ...".
  ACT_PARTICIPLES.lastIndex = 0;
  for (let m = ACT_PARTICIPLES.exec(s.text); m; m = ACT_PARTICIPLES.exec(s.text)) {
    const verb = m[1] ?? '';
    const verbAt = s.start + m.index + m[0].length - verb.length;
    if (out.some((o) => verbAt >= o.quote.start && verbAt < o.quote.end)) continue;
    const subject = out[out.length - 1]?.speaker ?? mainSubject(ctx, verbAt);
    if (!subject) continue;
    const end = clauseEnd(text, verbAt + verb.length, s.end);
    let start = verbAt;
    let reported = false;
    const after = text.slice(verbAt + verb.length, end);
    const that = /^\s+that\s+/.exec(after);
    if (ATTRIBUTING_PARTICIPLE.test(verb) && (that || /^\s+\p{L}/u.test(after))) {
      start =
        verbAt + verb.length + (that ? that[0].length : (/^\s+/.exec(after)?.[0].length ?? 0));
      reported = true;
    }
    const quote = { ...spanOf(text, start, end), reported };
    out.push(extracted(ctx, quote, subject));
  }
  return out;
}

/** An actor described by its stance: "the coalition, a group of nations advocating for ...". */
const APPOSITIVE_STANCE =
  /^[”"’]?,[”"]?\s+(an?\s+[^,.;“”"]{0,60}?\b(?:advocating|calling|pushing|demanding|lobbying|campaigning|arguing)\b)/i;

function appositiveStances(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const out: ExtractedQuote[] = [];
  for (const m of ctx.local) {
    const found = APPOSITIVE_STANCE.exec(text.slice(m.end, s.end));
    if (!found?.[1]) continue;
    const start = m.end + found[0].length - found[1].length;
    const end = clauseEnd(text, m.end + found[0].length, s.end);
    const speaker = ctx.index.resolve(m, 'described by an apposition');
    const quote = { ...spanOf(text, start, end), reported: false };
    out.push(extracted(ctx, quote, speaker));
  }
  return out;
}

/** Who is told, and when, may stand between a verb of saying and what was said. */
const SAY_PREFIX =
  /^\s+(?:(?:reporters|journalists|lawmakers|parliament|the press|state television|state media|(?:on|in|at|during|after|before|late|earlier|last|this)\b[^,.]{0,30}?)\s+)?(?:that\s+)?/i;
/** Verbs whose complement is the content: "said the talks failed", "urged Kyiv to talk". */
const BARE_COMPLEMENT =
  /^(?:said|says|say|told|tells|added|adds|wrote|announced|announces|stated|states)$/i;
const APPEAL = /^\s+(?:on\s+|for\s+)?/;

/**
 * Where the reported content starts after a verb of saying, or null when the clause is
 * the act itself: "said (on Tuesday) (that) X" gives X; "urged X to Y", "called on X to
 * Y" and "called for Y" give what was urged.
 */
function reportedComplement(verb: string, after: string): number | null {
  if (/^(?:urged|urges|demanded|demands)$/i.test(verb))
    return /^\s+/.exec(after)?.[0].length ?? null;
  if (/^(?:called|calls)$/i.test(verb) && /^\s+(?:on|for)\s/i.test(after))
    return APPEAL.exec(after)?.[0].length ?? null;
  if (!REPORTING.test(verb)) return null;
  const prefix = SAY_PREFIX.exec(after);
  if (!prefix) return null;
  const hasThat = /that\s+$/i.test(prefix[0]);
  if (hasThat) return prefix[0].length;
  // Without "that", only plain verbs of saying take a bare clause ("said the EU will ...").
  if (!BARE_COMPLEMENT.test(verb) || !/^\s*\p{L}/u.test(after.slice(prefix[0].length))) return null;
  return prefix[0].length;
}

/** "According to Lavrov, the talks failed." / "The talks failed, according to Lavrov." */
function accordingTo(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const out: ExtractedQuote[] = [];
  for (const m of ctx.local) {
    const lead = /according to\s+$/i.exec(text.slice(Math.max(s.start, m.start - 14), m.start));
    if (!lead) continue;
    const leadAt = m.start - lead[0].length;
    let start: number;
    let end: number;
    if (/^[\s"“]*$/.test(text.slice(s.start, leadAt))) {
      const comma = text.indexOf(',', m.end);
      if (comma < 0 || comma >= s.end) continue;
      start = comma + 1;
      while (/\s/.test(text[start] ?? '')) start += 1;
      end = clauseEnd(text, start, s.end);
    } else {
      start = s.start;
      end = leadAt;
      while (end > start && /[\s,]/.test(text[end - 1] ?? '')) end -= 1;
    }
    if (end - start < 8) continue;
    const speaker = ctx.index.resolve(m, 'according to');
    const quote = { ...spanOf(text, start, end), reported: true };
    out.push(extracted(ctx, quote, speaker));
  }
  return out;
}

/** The subject of a sentence whose main verb we do not list: its first actor not after a preposition. */
function mainSubject(ctx: SentenceContext, before: number): ActorResolution | null {
  const first = ctx.subjectLike.find((m) => m.end <= before);
  return first ? ctx.index.resolve(first, 'subject of the sentence') : null;
}

/** Possessive act phrases: "Peskov's claim that ...", "Putin's denial of ...". */
function actPhrases(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const out: ExtractedQuote[] = [];
  for (const m of ctx.local) {
    const rest = text.slice(m.end, s.end);
    const noun = PHRASE_NOUNS.exec(rest) ?? DISCOURSE_NOUNS.exec(rest);
    if (!noun) continue;
    const tail = rest.slice(noun[0].length);
    const stop = PHRASE_END.exec(tail);
    const end = m.end + noun[0].length + (stop ? stop.index : tail.length);
    const adjective = DISCOURSE_ADJECTIVE.exec(
      text.slice(Math.max(s.start, m.start - 20), m.start),
    );
    const start = adjective && !/^['’]s/.test(noun[0]) ? m.start - adjective[0].length : m.start;
    const quote = { ...spanOf(text, start, end), reported: true };
    const speaker = ctx.index.resolve(m, 'possessive before an act noun');
    out.push(extracted(ctx, quote, speaker));
  }
  return out;
}

function clauseEnd(text: string, from: number, sentenceEnd: number): number {
  const rest = text.slice(from, sentenceEnd);
  const stop = CLAUSE_END.exec(rest);
  let end = stop ? from + stop.index : sentenceEnd;
  // "a “friend,” leveraging ...": the comma sits inside the quote, which belongs to the act.
  if (stop && /^,[”"]/.test(stop[0])) end += 2;
  // Drop a footnote mark and the closing full stop, but keep a closing quote with its stop.
  const tail = text.slice(from, end);
  const trimmed = tail.replace(/(?:[.;:,]\d{0,2}|\s+)$/, '');
  if (!/[”"’]$/.test(tail)) end = from + trimmed.length;
  return end;
}

/** Whom the act addresses: an actor after to/against/at/with, else the first other actor named. */
/** A found act: its quote, the sentence around it, its speaker and the target read for it. */
function extracted(
  ctx: SentenceContext,
  quote: ExtractedQuote['quote'],
  speaker: ActorResolution,
): ExtractedQuote {
  return {
    quote,
    sentence: spanOf(ctx.text, ctx.s.start, ctx.s.end),
    speaker,
    target: target(ctx, quote, speaker),
  };
}

function target(ctx: SentenceContext, quote: TextSpan, speaker: ActorResolution): ActorResolution {
  const speakerId = speaker.resolved?.actorId;
  const speakerSpan = speaker.span;
  // The speaker's own state or government is its side, not its addressee.
  const ownSide = speakerId ? ctx.index.ownSide(speakerId) : new Set<string>();
  const others = ctx.targets.filter(
    (m) =>
      !ownSide.has(m.actorId) &&
      !(speakerSpan && m.start < speakerSpan.end && m.end > speakerSpan.start),
  );
  const inQuote = others.filter((m) => m.start >= quote.start && m.end <= quote.end);
  const pool = inQuote.length > 0 ? inQuote : others.filter((m) => m.start >= quote.start);
  const preferred = pool.find((m) =>
    TARGET_PREPOSITION.test(ctx.text.slice(Math.max(0, m.start - 10), m.start)),
  );
  // A named actor beats a state adjective unless only the adjective follows to/against/at.
  const chosen = preferred ?? pool.find((m) => m.how !== 'demonym') ?? pool[0];
  if (!chosen) return unresolved(null, 'no other actor named in the sentence');
  const candidates = pool
    .filter((m, i) => pool.findIndex((o) => o.actorId === m.actorId) === i)
    .map((m) => ({
      actorId: m.actorId,
      name: ctx.index.actor(m.actorId)?.name ?? m.actorId,
      score: Math.round((m === chosen ? 0.8 : 0.5) * m.score * 100) / 100,
    }))
    .sort((a, b) => b.score - a.score);
  const resolved = ctx.index.resolve(
    chosen,
    preferred ? 'named after to/against/at/with' : 'first other actor named',
    chosen.score * 0.8,
  );
  return { ...resolved, candidates };
}

/*
 * Three shapes of reported stance that name no verb of saying in the usual place. Each is
 * narrow on purpose: it must add the acts recorders coded without offering loose clauses.
 */

/** "suggesting severe repercussions, like imposing a tariff ...": the example is the act. */
const EXAMPLE_ACT =
  /\b(?:suggesting|threatening|proposing|promising|floating|announcing|demanding|pledging)\s+[^,.;“”"]{1,60}?,?\s+(?:like|such as|including)\s+(?=\p{L}+ing\s)/iu;

function exampleActs(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const m = EXAMPLE_ACT.exec(s.text);
  if (!m) return [];
  const start = s.start + m.index + m[0].length;
  const speaker =
    subjectBefore(ctx, s.start + m.index, true)?.resolution ?? mainSubject(ctx, s.start + m.index);
  if (!speaker) return [];
  const end = clauseEnd(text, start, s.end);
  if (end - start < 8) return [];
  const quote = { ...spanOf(text, start, end), reported: true };
  return [extracted(ctx, quote, speaker)];
}

/**
 * "His public statements about X and Y with Putin": what the statements were about, and of
 * its conjuncts the ones that name another actor (an act needs someone it concerns), up
 * to that actor's name; "His"/"Her" is the last named person, as for "he".
 */
const STATEMENTS_ABOUT =
  /\b(His|Her|\p{Lu}[\p{L}-]+['’]s)\s+(?:public\s+|recent\s+|repeated\s+|frequent\s+)?(?:statements|remarks|claims|comments|promises|boasts)\s+about\s+/gu;

function statementsAbout(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const out: ExtractedQuote[] = [];
  STATEMENTS_ABOUT.lastIndex = 0;
  for (let m = STATEMENTS_ABOUT.exec(s.text); m; m = STATEMENTS_ABOUT.exec(s.text)) {
    const at = s.start + m.index;
    const owner = m[1] ?? '';
    let speaker: ActorResolution | null = null;
    if (/^(?:His|Her)$/.test(owner)) {
      const person = ctx.antecedent(at);
      if (person)
        speaker = {
          ...ctx.index.resolve(
            person,
            `possessive "${owner}" → last named person in the paragraph`,
            person.score * 0.85,
          ),
          span: spanOf(text, at, at + owner.length),
        };
    } else {
      const named = ctx.local.find((x) => x.start === at);
      if (named) speaker = ctx.index.resolve(named, 'possessive before an act noun');
    }
    if (!speaker) continue;
    const from = at + m[0].length;
    const stop = /[,;:]|\.(?:\s|$|\d)/.exec(text.slice(from, s.end));
    const to = stop ? from + stop.index : s.end;
    const speakerId = speaker.resolved?.actorId;
    let conjunctStart = from;
    for (const part of text.slice(from, to).split(/(\s+and\s+)/)) {
      const partEnd = conjunctStart + part.length;
      const named = ctx.local.filter(
        (x) => x.start >= conjunctStart && x.end <= partEnd && x.actorId !== speakerId,
      );
      const last = named[named.length - 1];
      if (last && !/^\s+and\s+$/.test(part)) {
        const quote = { ...spanOf(text, conjunctStart, last.end), reported: true };
        out.push(extracted(ctx, quote, speaker));
      }
      conjunctStart = partEnd;
    }
  }
  return out;
}

/**
 * "Trump's rhetoric and policies often challenge ...": a sentence whose subject is an
 * actor's discourse or policy, with a present-tense verb, characterises that actor's
 * stance; recorders take the whole sentence from the actor on, full stop included,
 * footnote mark not. Verbs of comparison ("remarks align with ...") point at someone
 * else's discourse, which the possessive act phrases already take.
 */
const CHARACTERISATION =
  /^['’]s\s+(?:rhetoric|statements|policies|remarks|messaging)(?:\s+and\s+(?:rhetoric|statements|policies|remarks|actions|messaging))?\s+(?:often\s+|frequently\s+|repeatedly\s+|consistently\s+)?(?!(?:is|are|was|were|has|have|had|that|of|on|about|toward|towards|to|align|aligns|mirror|mirrors|echo|echoes|reflect|reflects|resemble|resembles|match|matches)\b)(?!\p{Ll}+ed\s)\p{Ll}+\s/u;

/** What may precede the subject in a list item: a bullet and a heading label ("• Alliances: "). */
const LIST_LEAD = /^(?:[•*▪–-]\s*)?(?:[^.:;“”"]{1,40}:\s+)?/;

function characterisations(ctx: SentenceContext): ExtractedQuote[] {
  const { text, s } = ctx;
  const subjectAt = s.start + (LIST_LEAD.exec(s.text)?.[0].length ?? 0);
  const first = ctx.local.find((m) => m.start === subjectAt) ?? ctx.local[0];
  if (!first || (first.start !== subjectAt && first.start !== s.start)) return [];
  if (!CHARACTERISATION.test(text.slice(first.end, s.end))) return [];
  const stop = /\.\d{0,2}$/.exec(s.text);
  const end = stop ? s.start + stop.index + 1 : s.end;
  const speaker = ctx.index.resolve(first, 'possessive subject of a characterisation');
  const quote = { ...spanOf(text, first.start, end), reported: true };
  return [extracted(ctx, quote, speaker)];
}
