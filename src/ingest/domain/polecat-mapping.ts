import type { ActorKind } from '../../actors/domain/actor';
import type { OriginGeo } from '../../records/domain/record';
import type { QuadClass } from './cameo';
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
import { cameoRootOf, PLOVER_TYPES, ploverThreatInstrument, POLECAT_QUAD_CODES } from './plover';
import { dayStart, optionalNumber, refuseRow, skipRow } from './row-fields';

/**
 * POLECAT's weekly files (Harvard Dataverse doi:10.7910/DVN/AJGVIT): tab-separated with
 * this header. Some weekly files call Intensity `Event Intensity`; both are read.
 */
export const POLECAT_COLUMNS = [
  'Event ID',
  'Event Date',
  'Event Type',
  'Event Mode',
  'Intensity',
  'Quad Code',
  'Contexts',
  'Actor Name',
  'Actor Country',
  'Actor COW',
  'Primary Actor Sector',
  'Actor Sectors',
  'Actor Title',
  'Actor Name Raw',
  'Wikipedia Actor ID',
  'Recipient Name',
  'Recipient Country',
  'Recipient COW',
  'Primary Recipient Sector',
  'Recipient Sectors',
  'Recipient Title',
  'Recipient Name Raw',
  'Wikipedia Recipient ID',
  'Placename',
  'City',
  'District',
  'Province',
  'Country',
  'Latitude',
  'Longitude',
  'GeoNames ID',
  'Raw Placename',
  'Feature Type',
  'Source',
  'Publication Date',
  'Story People',
  'Story Organizations',
  'Story Locations',
  'Language',
  'Version',
] as const;

const REQUIRED = [
  'Event ID',
  'Event Date',
  'Event Type',
  'Actor Name',
  'Actor Country',
  'Recipient Name',
  'Recipient Country',
];
const ALIASES = { 'Event Intensity': 'Intensity' };

/** POLECAT writes "None" where a field has no value. */
const NONE = /^(none|nan|null)?$/i;

/** A POLECAT row (MAPPING.md, "POLECAT"). */
export function mapPolecatRow(
  row: DatasetRow,
  options: MappingOptions,
): Extract<RowOutcome, { status: 'record' }> {
  const raw = headerRow(row, REQUIRED, 'POLECAT', ALIASES);
  const get = (column: string): string => {
    const value = raw(column);
    return NONE.test(value) ? '' : value;
  };
  const id = get('Event ID');
  if (id === '') refuseRow('Event ID', 'the row has no Event ID');
  const occurredAt = dayStart(get('Event Date'), 'Event Date');
  const intensity = optionalNumber(get('Intensity'), 'Intensity');
  const quadWords = get('Quad Code').toUpperCase();
  const rowQuad = quadWords === '' ? undefined : POLECAT_QUAD_CODES.get(quadWords);
  if (quadWords !== '' && rowQuad === undefined) {
    refuseRow('Quad Code', `"${get('Quad Code')}" is not a PLOVER quad category`);
  }
  const publication = get('Publication Date');
  const publishedAt = publication === '' ? undefined : dayStart(publication, 'Publication Date');
  const geo = polecatGeo(get);

  if (get('Actor Name') === '' || get('Recipient Name') === '') skipRow('one-sided');
  const type = get('Event Type').toUpperCase();
  const plover = PLOVER_TYPES.get(type);
  if (!plover) skipRow('unknown-code');
  const source = polecatActor('Actor', get, options);
  const target = polecatActor('Recipient', get, options);
  const quadClass: QuadClass = rowQuad ?? plover.quad;
  const mode = get('Event Mode').toLowerCase();
  const contexts = get('Contexts')
    .toLowerCase()
    .split(/[;,]/)
    .map((context) => context.trim())
    .filter((context) => context !== '');
  const kind =
    type === 'THREATEN' ? 'threat' : quadClass === 1 || quadClass === 3 ? 'statement' : 'action';
  const outlet = get('Source');

  return datasetOutcome({
    rowId: id,
    kind,
    instrument: kind === 'threat' ? ploverThreatInstrument(mode, contexts) : undefined,
    source,
    target,
    occurredAt,
    citation: {
      outlet: outlet === '' ? 'POLECAT' : outlet,
      title: `POLECAT event ${id}`,
      publishedAt,
    },
    code: cameoRootOf(type, mode),
    origin: { dataset: 'polecat', id, quadClass, geo, intensity },
  });
}

function polecatGeo(get: (column: string) => string): OriginGeo | undefined {
  const geo = withoutUndefined({
    system: 'name' as const,
    name: get('Placename') || get('City') || get('District') || undefined,
    country: get('Country') || undefined,
    adm1: get('Province') || undefined,
    lat: optionalNumber(get('Latitude'), 'Latitude'),
    lon: optionalNumber(get('Longitude'), 'Longitude'),
  });
  return Object.keys(geo).length > 1 ? geo : undefined;
}

/**
 * A POLECAT actor or recipient: the actor map first (by name); a country by name or
 * alpha-3; a person (the row gives a title: `President`) by name alone
 * (`vladimir-putin`); anything else by country and name (`rus-ministry-of-defence`), as
 * POLECAT's generic names (`Police`, `Military`) recur in every country.
 */
function polecatActor(
  side: 'Actor' | 'Recipient',
  get: (column: string) => string,
  options: MappingOptions,
): ResolvedActor {
  const name = get(`${side} Name`);
  const countryName = get(`${side} Country`);
  // PLOVER codes several entities as one actor, separated by semicolons.
  if (name.includes(';') || countryName.includes(';')) skipRow('compound-actor');
  const mapped = mappedActor(options.actorMap, name);
  if (mapped) return mapped;
  const asCountry = countryOfName(name);
  if (asCountry.status === 'state') return stateOnly(stateActor(asCountry.alpha3));
  const kind = polecatKind(get(`${side} Title`), get(`Primary ${side} Sector`));
  // An actor the row places in no country (`United Nations`): an actor of its own.
  if (countryName === '') return ownActor({ id: actorSlug(name), name, kind, alias: name });
  const country = countryOfName(countryName);
  if (country.status !== 'state') skipRow('unknown-country');

  const person = kind === 'person';
  return belowState(
    stateActor(country.alpha3),
    {
      id: person ? actorSlug(name) : actorSlug(country.alpha3, name),
      name,
      kind,
      alias: name,
      ...(person ? {} : { country: country.alpha3 }),
    },
    person ? undefined : name.toLowerCase(),
  );
}

/** A title makes a person; a state sector a government body; anything else an organisation. */
function polecatKind(title: string, sector: string): ActorKind {
  if (title !== '') return 'person';
  return /^(gov|mil|cop|jud|leg|spy)|government|military|police|judiciary|legislat/i.test(sector)
    ? 'government'
    : 'organisation';
}
