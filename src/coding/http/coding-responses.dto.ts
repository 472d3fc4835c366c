/** Response shapes of the coding routes, for the OpenAPI document. */

export class TextSpanDto {
  text!: string;
  /** Offset of the first character in the article's text (UTF-16 code units, as JavaScript counts). */
  start!: number;
  /** Offset just past the last character: `text.slice(start, end)` is the span. */
  end!: number;
}

export class QuoteSpanDto extends TextSpanDto {
  /** Reported speech ("Peskov said that ...") rather than a direct quote. */
  reported!: boolean;
}

export class ActorCandidateDto {
  actorId!: string;
  name!: string;
  score!: number;
}

export class ActorResolutionDto {
  /** Where the text names the actor; null when nothing in the text does. */
  span!: TextSpanDto | null;
  /** The best candidate, or null: "unresolved", to be named by the recorder. */
  resolved!: ActorCandidateDto | null;
  candidates!: ActorCandidateDto[];
  /** How it was resolved: name, alias, title, pronoun, ... */
  how!: string;
}

export class CameoGuessDto {
  code!: string;
  score!: number;
  label!: string;
}

export class ToneGuessDto {
  value!: number;
  basis!: string;
}

export class ThreatDetailsDto {
  instrument?: string;
  magnitude?: string;
  condition?: string;
  deadline?: string;
}

export class DenialGuessDto {
  claim!: string;
}

export class DateGuessDto {
  occurredAt!: string;
  precision!: 'day' | 'month' | 'year' | 'hour' | 'minute';
  basis!: string;
  span!: TextSpanDto | null;
}

export class SuggestionDto {
  id!: string;
  status!: 'open' | 'accepted' | 'rejected';
  /** Stable across runs of the same article: what a rejection is remembered by. */
  key!: string;
  quote!: QuoteSpanDto;
  sentence!: TextSpanDto;
  speaker!: ActorResolutionDto;
  target!: ActorResolutionDto;
  kind!: 'statement' | 'threat' | 'denial';
  kindScore!: number;
  /** The top three CAMEO codes, best first. */
  cameo!: CameoGuessDto[];
  tone!: ToneGuessDto;
  threat?: ThreatDetailsDto;
  denial?: DenialGuessDto;
  date!: DateGuessDto | null;
}

export class StoredSuggestionDto extends SuggestionDto {
  /** The record an accept wrote; null until then. */
  recordId!: string | null;
}

export class ArticleFactsDto {
  /** SHA-256 of the text, hex. */
  hash!: string;
  words!: number;
  /** ISO 639-1 as detected; `und` when the text is too short to tell. */
  language!: string;
}

export class ArticleSuggestionsDto {
  article!: ArticleFactsDto;
  suggestions!: SuggestionDto[];
  /** Candidates not offered again because a recorder rejected them before. */
  hiddenAsRejected!: number;
}

export class RejectionDto {
  id!: string;
  status!: 'rejected';
}
