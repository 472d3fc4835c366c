/**
 * The shapes of assisted coding: an article in, candidate records out.
 * Shared by extraction (suggest/), classification (domain/classify.ts) and delivery.
 */
export interface ArticleInput {
  readonly text: string;
  readonly publishedAt?: string;
  readonly outlet?: string;
  readonly title?: string;
  readonly url?: string;
}
/** An actor as the suggester knows it: from the actor directory (id, name, aliases) plus titles/roles. */
export interface KnownActor {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly titles: readonly string[];
  readonly kind?: string;
  readonly affiliations?: readonly string[];
}
export interface TextSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}
export interface ActorCandidate {
  readonly actorId: string;
  readonly name: string;
  readonly score: number;
}
export interface ActorResolution {
  readonly span: TextSpan | null;
  readonly resolved: ActorCandidate | null;
  readonly candidates: readonly ActorCandidate[];
  readonly how: string;
}
export type SuggestedKind = 'statement' | 'threat' | 'denial';
export interface CameoGuess {
  readonly code: string;
  readonly score: number;
  readonly label: string;
}
export interface ThreatDetails {
  readonly instrument?: string;
  readonly magnitude?: string;
  readonly condition?: string;
  readonly deadline?: string;
}
export interface Classification {
  readonly kind: SuggestedKind;
  readonly kindScore: number;
  readonly cameo: readonly CameoGuess[];
  readonly tone: { readonly value: number; readonly basis: string };
  readonly threat?: ThreatDetails;
  readonly denial?: { readonly claim: string };
}
export interface DateGuess {
  readonly occurredAt: string;
  readonly precision: 'day' | 'month' | 'year' | 'hour' | 'minute';
  readonly basis: string;
  readonly span: TextSpan | null;
}
export interface CandidateRecord extends Classification {
  readonly key: string;
  readonly quote: TextSpan & { readonly reported: boolean };
  readonly sentence: TextSpan;
  readonly speaker: ActorResolution;
  readonly target: ActorResolution;
  readonly date: DateGuess | null;
}
