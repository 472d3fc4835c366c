import type { ActorKind } from '../../actors/domain/actor';
import type { OriginGeo } from '../../records/domain/record';
import { isCameoCode, kindOfCameo, quadClassOfCode, threatInstrumentOf } from './cameo';
import { countryOfName, stateActor } from './countries';
import {
  actorSlug,
  belowState,
  mappedActor,
  ownActor,
  stateOnly,
  type ResolvedActor,
} from './dataset-actors';
import { datasetOutcome, withoutUndefined } from './dataset-draft';
import type { DatasetRow, MappingOptions, RowOutcome } from './dataset-row';
import { headerRow } from './header-row';
import { dayStart, optionalNumber, refuseRow, skipRow } from './row-fields';

/**
 * The ICEWS Coded Event Data columns (Boschee et al. 2015, "ICEWS Coded Event Data",
 * Harvard Dataverse doi:10.7910/DVN/28075, its codebook's variable list): the file is
 * tab-separated with this header.
 */
export const ICEWS_COLUMNS = [
  'Event ID',
  'Event Date',
  'Source Name',
  'Source Sectors',
  'Source Country',
  'Event Text',
  'CAMEO Code',
  'Intensity',
  'Target Name',
  'Target Sectors',
  'Target Country',
  'Story ID',
  'Sentence Number',
  'Publisher',
  'City',
  'District',
  'Province',
  'Country',
  'Latitude',
  'Longitude',
] as const;

const REQUIRED = [
  'Event ID',
  'Event Date',
  'Source Name',
  'Source Country',
  'CAMEO Code',
  'Intensity',
  'Target Name',
  'Target Country',
];

/**
 * An ICEWS row (MAPPING.md, "ICEWS"). Its key is Event ID with Event Date: ICEWS reuses
 * an Event ID on another date (145,312 ids twice in 1995–2020; A. Beger, "ICEWS event
 * data", https://www.andybeger.com/icews/articles/icews-event-data.html), so the id alone
 * would fold two events into one record.
 */
export function mapIcewsRow(
  row: DatasetRow,
  options: MappingOptions,
): Extract<RowOutcome, { status: 'record' }> {
  const get = headerRow(row, REQUIRED, 'ICEWS');
  const id = get('Event ID');
  if (id === '') refuseRow('Event ID', 'the row has no Event ID');
  const eventDate = get('Event Date');
  const occurredAt = dayStart(eventDate, 'Event Date');
  const intensity = optionalNumber(get('Intensity'), 'Intensity');
  const geo = icewsGeo(get);

  if (get('Source Name') === '' || get('Target Name') === '') skipRow('one-sided');
  const code = get('CAMEO Code');
  if (!isCameoCode(code)) skipRow('unknown-code');
  const source = icewsActor(get('Source Name'), get('Source Country'), options);
  const target = icewsActor(get('Target Name'), get('Target Country'), options);
  // ICEWS ships no QuadClass: it follows from the CAMEO root as GDELT's does.
  const quadClass = quadClassOfCode(code);
  const kind = kindOfCameo(code, quadClass);
  const publisher = get('Publisher');

  return datasetOutcome({
    rowId: `${id}:${eventDate}`,
    kind,
    instrument: kind === 'threat' ? threatInstrumentOf(code) : undefined,
    source,
    target,
    occurredAt,
    citation: { outlet: publisher === '' ? 'ICEWS' : publisher, title: `ICEWS event ${id}` },
    code,
    origin: { dataset: 'icews', id, quadClass, geo, intensity },
  });
}

function icewsGeo(get: (column: string) => string): OriginGeo | undefined {
  const name = get('City') || get('District') || get('Province') || undefined;
  const geo = withoutUndefined({
    system: 'name' as const,
    name,
    country: get('Country') || undefined,
    adm1: get('Province') || undefined,
    lat: optionalNumber(get('Latitude'), 'Latitude'),
    lon: optionalNumber(get('Longitude'), 'Longitude'),
  });
  return Object.keys(geo).length > 1 ? geo : undefined;
}

/** ICEWS's generic actors: a sector of a country's people or state, `Foreign Affairs (Bangladesh)`. */
const SECTOR_OF_COUNTRY = /^(.+?)\s*\(([^()]+)\)$/;

/**
 * An ICEWS actor: the actor map first; then a country by name (`Russia`); a sector of a
 * country (`Foreign Affairs (Bangladesh)` → `bgd-foreign-affairs`, below `bgd`); or a
 * named actor (`Vladimir Putin` → `vladimir-putin`) below the country in its row's
 * Source or Target Country.
 */
function icewsActor(name: string, countryName: string, options: MappingOptions): ResolvedActor {
  const mapped = mappedActor(options.actorMap, name);
  if (mapped) return mapped;

  const sector = SECTOR_OF_COUNTRY.exec(name);
  if (sector) {
    const sectorName = sector[1] ?? '';
    const ofCountry = sector[2] ?? '';
    const alpha3 = stateOf(ofCountry);
    return belowState(
      stateActor(alpha3),
      {
        id: actorSlug(alpha3, sectorName),
        name,
        kind: sectorKind(sectorName),
        alias: name,
        country: alpha3,
      },
      sectorName.toLowerCase(),
    );
  }

  const asCountry = countryOfName(name);
  if (asCountry.status === 'state') return stateOnly(stateActor(asCountry.alpha3));
  // An actor the row places in no country (`United Nations`): an actor of its own.
  if (countryName === '') {
    return ownActor({ id: actorSlug(name), name, kind: namedActorKind(name), alias: name });
  }
  const alpha3 = stateOf(countryName);
  // A named actor's profile holds only what its name gives, so every row registers the
  // same one; the country it belongs to is its affiliation, from the row.
  return belowState(stateActor(alpha3), {
    id: actorSlug(name),
    name,
    kind: namedActorKind(name),
    alias: name,
  });
}

function stateOf(countryName: string): string {
  const country = countryOfName(countryName);
  return country.status === 'state' ? country.alpha3 : skipRow('unknown-country');
}

/**
 * The kind of an ICEWS sector actor by the words of its sector: a ministry or executive
 * office is an `office`; the state's other institutions `government`; any other sector
 * (`Citizen`, `Business`, `Protester`) `organisation`, parley's nearest kind for a group.
 */
export function sectorKind(sector: string): ActorKind {
  const words = sector.toLowerCase();
  if (/ministry|foreign affairs|head of (state|government)|cabinet|executive office/.test(words)) {
    return 'office';
  }
  if (
    /government|military|armed forces|army|navy|air force|police|legislat|parliament|judiciary|court|intelligence/.test(
      words,
    )
  ) {
    return 'government';
  }
  return 'organisation';
}

/** Words that make a named actor an organisation, not a person. */
const ORGANISATION_WORDS =
  /\b(party|congress|national|ministry|council|union|nations|front|army|government|court|police|bank|association|organi[sz]ation|committee|agency|office|parliament|group|movement|forces|company|corporation|university|church|league|alliance|commission|federation|institute|fund|brigades?|qaeda|taliban|hamas|hezbollah|news|media|times|post)\b/i;

/**
 * ICEWS does not say whether a named actor is a person. A name of two to four words,
 * each capitalised (particles such as `al`, `bin`, `de` aside), none of them an
 * organisation's word, is taken for a person; anything else is an organisation. The
 * actor map corrects a wrong guess.
 */
export function namedActorKind(name: string): ActorKind {
  const words = name.trim().split(/\s+/);
  const particles = /^(al|el|bin|ibn|de|da|del|der|di|du|la|le|van|von|y)$/i;
  const capitalised = words.every((w) => particles.test(w) || /^\p{Lu}/u.test(w));
  return words.length >= 2 && words.length <= 4 && capitalised && !ORGANISATION_WORDS.test(name)
    ? 'person'
    : 'organisation';
}
