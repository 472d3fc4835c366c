import rolesLexicon from '../domain/lexicon/roles.json';
import type { ActorCandidate, ActorResolution, KnownActor, TextSpan } from '../domain/suggestion';

/** One place in the text that names an actor, by name, alias, title or role. */
export interface Mention extends TextSpan {
  readonly actorId: string;
  readonly how: 'name' | 'alias' | 'title' | 'role' | 'surname' | 'demonym';
  readonly score: number;
  readonly isPerson: boolean;
  /** Other actors the same words may name, less likely than `actorId`. */
  readonly rivals?: readonly string[];
}

interface Phrase {
  readonly phrase: string;
  readonly actorId: string;
  /** Other actors the same words name ("the president"), resolved by who was named last. */
  readonly rivals: readonly string[];
  readonly how: Mention['how'];
  readonly score: number;
}

/** How sure a kind of match makes us: a full name beats a bare surname or a role. */
const SCORES: Record<Mention['how'], number> = {
  name: 1,
  alias: 0.95,
  title: 0.9,
  role: 0.85,
  surname: 0.8,
  demonym: 0.6,
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds actor mentions in one regex pass over the whole text, longest phrase first, so a
 * 10,000-word article costs one scan however many actors the directory holds. Short
 * all-capital aliases ("US") match case-sensitively; everything else ignores case.
 */
export class ActorIndex {
  private readonly byId = new Map<string, KnownActor>();
  private readonly phrases = new Map<string, Phrase>();
  private readonly exact = new Map<string, Phrase>();
  private readonly pattern: RegExp | null;
  private readonly demonymPattern: RegExp | null;
  private readonly demonymIds = new Map<string, string>();
  private readonly ancestry = new Map<string, ReadonlySet<string>>();

  constructor(actors: readonly KnownActor[]) {
    const add = (phrase: string, actorId: string, how: Mention['how']): void => {
      const clean = phrase.trim().replace(/^the\s+/i, '');
      if (clean.length < 2) return;
      const entry: Phrase = { phrase: clean, actorId, how, score: SCORES[how], rivals: [] };
      if (/^[A-Z.]{2,4}$/.test(clean)) {
        if (!this.exact.has(clean)) this.exact.set(clean, entry);
        return;
      }
      const key = clean.toLowerCase().replace(/’/g, "'");
      const known = this.phrases.get(key);
      if (!known || known.score < entry.score) {
        this.phrases.set(key, entry);
      } else if (known.score === entry.score && known.actorId !== actorId) {
        this.phrases.set(key, { ...known, rivals: [...known.rivals, actorId] });
      }
    };
    for (const actor of actors) {
      this.byId.set(actor.id, actor);
      add(actor.name, actor.id, 'name');
      actor.aliases.forEach((a) => add(a, actor.id, 'alias'));
      actor.titles.forEach((t) => add(t, actor.id, 'title'));
      if (actor.kind === 'person') {
        const surname = actor.name.split(/\s+/).pop() ?? '';
        if (surname.length > 2) add(surname, actor.id, 'surname');
      }
    }
    for (const [phrase, id] of Object.entries(rolesLexicon.roles)) {
      if (this.byId.has(id)) add(phrase, id, 'role');
    }
    for (const [word, id] of Object.entries(rolesLexicon.demonyms)) {
      if (this.byId.has(id)) this.demonymIds.set(word.toLowerCase(), id);
    }
    this.demonymPattern =
      this.demonymIds.size === 0
        ? null
        : new RegExp(
            `(?<![\\p{L}-])(${[...this.demonymIds.keys()]
              .sort((a, b) => b.length - a.length)
              .map(escape)
              .join('|')})(?![\\p{L}-])`,
            'giu',
          );
    const all = [...[...this.phrases.values()].map((p) => p.phrase), ...this.exact.keys()];
    all.sort((a, b) => b.length - a.length);
    this.pattern =
      all.length === 0
        ? null
        : new RegExp(
            `(?<![\\p{L}\\p{N}-])(?:the\\s+)?(${all.map((p) => escape(p).replace(/'/g, "['’]")).join('|')})(?![\\p{L}\\p{N}]|-[\\p{L}])`,
            'giu',
          );
  }

  actor(id: string): KnownActor | undefined {
    return this.byId.get(id);
  }

  /** Adjectives and plurals of states ("Chinese warships"): candidates for a target only. */
  demonyms(text: string): Mention[] {
    if (!this.demonymPattern) return [];
    const found: Mention[] = [];
    this.demonymPattern.lastIndex = 0;
    for (let m = this.demonymPattern.exec(text); m; m = this.demonymPattern.exec(text)) {
      const actorId = this.demonymIds.get(m[0].toLowerCase());
      if (!actorId) continue;
      found.push({
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        actorId,
        how: 'demonym',
        score: SCORES.demonym,
        isPerson: false,
      });
    }
    return found;
  }

  /** The actor and everything it belongs to, transitively: a speaker's own side. */
  ownSide(id: string): ReadonlySet<string> {
    const known = this.ancestry.get(id);
    if (known) return known;
    const side = new Set<string>([id]);
    const queue = [id];
    while (queue.length > 0) {
      const next = this.byId.get(queue.pop() as string);
      for (const parent of next?.affiliations ?? []) {
        if (!side.has(parent)) {
          side.add(parent);
          queue.push(parent);
        }
      }
    }
    this.ancestry.set(id, side);
    return side;
  }

  /** Every mention, in text order, non-overlapping. */
  mentions(text: string): Mention[] {
    if (!this.pattern) return [];
    const found: Mention[] = [];
    const lastNamed = new Map<string, number>();
    this.pattern.lastIndex = 0;
    for (let m = this.pattern.exec(text); m; m = this.pattern.exec(text)) {
      const matched = m[1] ?? '';
      // Short capitals match only as written ("US", not "us"); other phrases in any case.
      const phrase =
        this.exact.get(matched) ?? this.phrases.get(matched.toLowerCase().replace(/’/g, "'"));
      if (!phrase) continue;
      const entry = phrase.rivals.length === 0 ? phrase : this.disambiguate(phrase, lastNamed);
      if (entry.rivals.length === 0) lastNamed.set(entry.actorId, m.index);
      const start = m.index + m[0].length - matched.length;
      const prev = found[found.length - 1];
      // "Ukrainian President Volodymyr Zelensky": a role followed by the name is one mention,
      // and the name settles whom an ambiguous title ("President Xi") meant.
      if (
        prev &&
        (prev.actorId === entry.actorId || prev.rivals?.includes(entry.actorId)) &&
        /^\s*$/.test(text.slice(prev.end, start))
      ) {
        found[found.length - 1] = {
          text: text.slice(prev.start, start + matched.length),
          start: prev.start,
          end: start + matched.length,
          actorId: entry.actorId,
          how: entry.how,
          score: Math.max(prev.actorId === entry.actorId ? prev.score : 0, entry.score),
          isPerson: this.byId.get(entry.actorId)?.kind === 'person',
        };
        lastNamed.set(entry.actorId, start);
        continue;
      }
      found.push({
        text: matched,
        start,
        end: start + matched.length,
        actorId: entry.actorId,
        how: entry.how,
        score: entry.score,
        isPerson: this.byId.get(entry.actorId)?.kind === 'person',
        ...(entry.rivals.length > 0 ? { rivals: entry.rivals } : {}),
      });
    }
    return found;
  }

  /**
   * Words several actors answer to ("the president"): the one named most recently before
   * them, else the first, at a lower score; the others stay as candidates.
   */
  private disambiguate(phrase: Phrase, lastNamed: ReadonlyMap<string, number>): Phrase {
    const all = [phrase.actorId, ...phrase.rivals];
    const seen = all.filter((id) => lastNamed.has(id));
    seen.sort((a, b) => (lastNamed.get(b) ?? 0) - (lastNamed.get(a) ?? 0));
    const best = seen[0] ?? phrase.actorId;
    return {
      ...phrase,
      actorId: best,
      rivals: all.filter((id) => id !== best),
      score: phrase.score * (seen.length > 0 ? 0.8 : 0.5),
    };
  }

  /** A resolution from a mention, its rivals being the other actors the same words name. */
  resolve(mention: Mention, how: string, score = mention.score): ActorResolution {
    const actor = this.byId.get(mention.actorId);
    const best: ActorCandidate = {
      actorId: mention.actorId,
      name: actor?.name ?? mention.actorId,
      score: round(score),
    };
    const rivals = (mention.rivals ?? []).map((id) => ({
      actorId: id,
      name: this.byId.get(id)?.name ?? id,
      score: round(score / 2),
    }));
    return {
      span: { text: mention.text, start: mention.start, end: mention.end },
      resolved: best,
      candidates: [best, ...rivals],
      how: rivals.length > 0 ? `${how}; words several actors answer to` : how,
    };
  }
}

/** Nobody found, or words that name nobody we know: the span is kept for the recorder. */
export function unresolved(span: TextSpan | null, how: string): ActorResolution {
  return { span, resolved: null, candidates: [], how };
}

const round = (n: number): number => Math.round(n * 100) / 100;
