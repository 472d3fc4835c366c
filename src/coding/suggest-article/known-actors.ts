import type { ActorDirectory, ActorView } from '../../actors';
import type { KnownActor } from '../domain/suggestion';

/** Actors read per page from the directory. */
const PAGE = 500;

/**
 * The actor directory as the suggester knows it. Titles come from the directory's
 * affiliation roles ("press secretary" of the Kremlin gives "press secretary" and
 * "Kremlin press secretary"), so "the Kremlin spokesman"-style mentions can be resolved
 * without a second list of who holds which office.
 */
export function knownActors(directory: ActorDirectory): KnownActor[] {
  const all: ActorView[] = [];
  for (let after: string | undefined; ;) {
    const page = directory.list({ limit: PAGE, ...(after === undefined ? {} : { after }) });
    all.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.id;
  }
  const byId = new Map(all.map((actor) => [actor.id, actor]));
  return all.map((actor) => {
    const titles = new Set<string>();
    for (const affiliation of actor.affiliations) {
      // A role ended is not a title the actor answers to now.
      if (!affiliation.role || affiliation.to !== undefined) continue;
      titles.add(affiliation.role);
      const parent = byId.get(affiliation.parent);
      for (const name of parent ? shortNames(parent) : [])
        titles.add(`${name} ${affiliation.role}`);
    }
    return {
      id: actor.id,
      name: actor.name,
      aliases: actor.aliases,
      titles: [...titles],
      kind: actor.kind,
      affiliations: actor.affiliations.map((a) => a.parent),
    };
  });
}

/** "Kremlin (Presidential Executive Office of Russia)" → "Kremlin"; "the Kremlin" → "Kremlin". */
function shortNames(actor: ActorView): string[] {
  const names = [actor.name.replace(/\s*\(.*\)\s*$/, ''), ...actor.aliases];
  return [...new Set(names.map((n) => n.replace(/^the\s+/i, '')).filter((n) => n.length > 0))];
}
