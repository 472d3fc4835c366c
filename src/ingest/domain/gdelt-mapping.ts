import type { OriginGeo } from '../../records/domain/record';
import type { ActorProfile } from '../../actors/domain/actor';
import {
  CAMEO_REGION_NAMES,
  CAMEO_ROLES,
  CAMEO_TRANSNATIONAL_PREFIXES,
  isCameoCode,
  kindOfCameo,
  threatInstrumentOf,
} from './cameo';
import { countryOfCameoCode, stateActor } from './countries';
import {
  actorSlug,
  belowState,
  mappedActor,
  ownActor,
  stateOnly,
  type ResolvedActor,
} from './dataset-actors';
import {
  clampTone,
  datasetOutcome,
  httpUrl,
  isQuadClass,
  withoutUndefined,
  type MappedRow,
} from './dataset-draft';
import type { DatasetRow, MappingOptions, RowOutcome } from './dataset-row';
import { columnIndex, GDELT1_COLUMNS, GDELT2_COLUMNS } from './gdelt-columns';
import {
  dayStart,
  optionalCount,
  optionalNumber,
  refuseRow,
  skipRow,
  stampInstant,
} from './row-fields';

type GdeltDataset = 'gdelt1' | 'gdelt2';

const INDEX = { gdelt2: columnIndex(GDELT2_COLUMNS), gdelt1: columnIndex(GDELT1_COLUMNS) };

/** The column counts each version's rows may have (GDELT 1.0: backfile 57, daily 58). */
const WIDTHS: Record<GdeltDataset, readonly number[]> = { gdelt2: [61], gdelt1: [57, 58] };

const DATASET_NAME: Record<GdeltDataset, string> = { gdelt2: 'GDELT 2.0', gdelt1: 'GDELT 1.0' };

/**
 * A GDELT event row (MAPPING.md, "GDELT"). Refuses a row of the wrong width or with a
 * field that does not parse; skips a row that makes no dyad of two states or actors
 * below one.
 */
export function mapGdeltRow(
  dataset: GdeltDataset,
  row: DatasetRow,
  options: MappingOptions,
): Extract<RowOutcome, { status: 'record' }> {
  const widths = WIDTHS[dataset];
  if (!widths.includes(row.fields.length)) {
    refuseRow(
      'row',
      `a ${DATASET_NAME[dataset]} event row has ${widths.join(' or ')} tab-separated columns, this one ${row.fields.length}`,
    );
  }
  const index = INDEX[dataset];
  const get = (column: string): string => {
    const at = index.get(column);
    return at === undefined ? '' : (row.fields[at] ?? '').trim();
  };

  const id = get('GLOBALEVENTID');
  if (!/^\d+$/.test(id)) refuseRow('GLOBALEVENTID', `"${id}" is not an event id`);
  const occurredAt = dayStart(get('SQLDATE'), 'SQLDATE');
  const addedAt =
    dataset === 'gdelt2'
      ? stampInstant(get('DATEADDED'), 'DATEADDED')
      : dayStart(get('DATEADDED'), 'DATEADDED');
  const quadClass = optionalNumber(get('QuadClass'), 'QuadClass');
  if (!isQuadClass(quadClass)) refuseRow('QuadClass', `"${get('QuadClass')}" is not 1, 2, 3 or 4`);
  const intensity = optionalNumber(get('GoldsteinScale'), 'GoldsteinScale');
  const tone = clampTone(optionalNumber(get('AvgTone'), 'AvgTone'));
  const root = get('IsRootEvent');
  if (root !== '' && root !== '0' && root !== '1') {
    refuseRow('IsRootEvent', `"${root}" is not 0 or 1`);
  }
  const geo = actionGeo(get);
  const sourceUrl = get('SOURCEURL');
  const url = httpUrl(sourceUrl);
  // The URL as GDELT wrote it (a parsed URL's href would re-encode some of them).
  const link = url ? sourceUrl : undefined;
  const origin = {
    dataset,
    id,
    url: link,
    addedAt,
    mentions: optionalCount(get('NumMentions'), 'NumMentions'),
    sources: optionalCount(get('NumSources'), 'NumSources'),
    articles: optionalCount(get('NumArticles'), 'NumArticles'),
    root: root === '' ? undefined : root === '1',
    quadClass,
    geo,
    intensity,
  };

  if (get('Actor1Code') === '' || get('Actor2Code') === '') skipRow('one-sided');
  const code = get('EventCode');
  if (!isCameoCode(code)) skipRow('unknown-code');
  const source = gdeltActor(
    get('Actor1Code'),
    get('Actor1CountryCode'),
    get('Actor1Name'),
    options,
  );
  const target = gdeltActor(
    get('Actor2Code'),
    get('Actor2CountryCode'),
    get('Actor2Name'),
    options,
  );
  const kind = kindOfCameo(code, quadClass);

  const mapped: MappedRow = {
    rowId: id,
    kind,
    instrument: kind === 'threat' ? threatInstrumentOf(code) : undefined,
    source,
    target,
    occurredAt,
    citation: {
      // A URL names its outlet by its host; some early GDELT 1.0 rows name the outlet itself.
      outlet: url?.host ?? (sourceUrl === '' ? DATASET_NAME[dataset] : sourceUrl),
      title: `GDELT event ${id}`,
      url: link,
    },
    code,
    tone,
    origin,
  };
  return datasetOutcome(mapped);
}

/** ActionGeo: where the event happened, by FIPS 10-4 codes; absent when GDELT found no place (type 0 or empty). */
function actionGeo(get: (column: string) => string): OriginGeo | undefined {
  const type = get('ActionGeo_Type');
  if (type === '' || type === '0') return undefined;
  return withoutUndefined({
    system: 'FIPS10-4' as const,
    name: get('ActionGeo_FullName') || undefined,
    country: get('ActionGeo_CountryCode') || undefined,
    adm1: get('ActionGeo_ADM1Code') || undefined,
    lat: optionalNumber(get('ActionGeo_Lat'), 'ActionGeo_Lat'),
    lon: optionalNumber(get('ActionGeo_Long'), 'ActionGeo_Long'),
  });
}

/**
 * A GDELT actor (`USA`, `USAGOV`, `RUSMILREB`): the actor map first; then the state of
 * its country code, or the actor below it that the rest of the code names, one CAMEO
 * role per three letters (`usa-gov`, name "Government (United States of America)").
 * An actor in no state is an actor of its own, so that every two-sided row makes a
 * record: an international or transnational one by its code (`IGOUNO` → `igo-uno`,
 * named as GDELT names it), a region (`AFR` → `afr`, "Africa") with the actors below
 * it, and an actor coded without a country by its roles (`COP` → `cameo-cop`, "Police
 * (no country coded)").
 */
function gdeltActor(
  code: string,
  countryCode: string,
  gdeltName: string,
  options: MappingOptions,
): ResolvedActor {
  const mapped = mappedActor(options.actorMap, code);
  if (mapped) return mapped;
  const upper = code.toUpperCase();
  if (CAMEO_TRANSNATIONAL_PREFIXES.some((prefix) => upper.startsWith(prefix))) {
    const groups = upper.match(/.{1,3}/g) ?? [];
    return ownActor({
      id: actorSlug(...groups),
      name: gdeltName === '' ? upper : titleCase(gdeltName),
      kind: 'organisation',
      alias: upper,
    });
  }
  const region = CAMEO_REGION_NAMES.get(countryCode.toUpperCase());
  if (countryCode === '' || region !== undefined) {
    const regionCode = region === undefined ? '' : countryCode.toUpperCase();
    const regionActor: ActorProfile | undefined =
      region === undefined
        ? undefined
        : { id: actorSlug(regionCode), name: region, kind: 'coalition', aliases: [regionCode] };
    const rest = upper.startsWith(regionCode) ? upper.slice(regionCode.length) : upper;
    if (regionActor && rest === '') return ownActor({ ...regionActor, alias: regionCode });
    const roles = rest.match(/.{1,3}/g) ?? [];
    const labels = roles.map((role) => CAMEO_ROLES.get(role)?.label ?? role);
    const label = labels.join(', ');
    return ownActor(
      {
        id: regionActor ? actorSlug(regionCode, ...roles) : actorSlug('cameo', ...roles),
        name: `${label.charAt(0).toUpperCase()}${label.slice(1)} (${region ?? 'no country coded'})`,
        kind: CAMEO_ROLES.get(roles[0] ?? '')?.kind ?? 'organisation',
        alias: upper,
      },
      regionActor,
    );
  }
  const country = countryOfCameoCode(countryCode);
  if (country.status !== 'state') skipRow('unknown-country');
  const state = stateActor(country.alpha3);
  const countryPrefix = countryCode.toUpperCase();
  const rest = upper.startsWith(countryPrefix) ? upper.slice(countryPrefix.length) : upper;
  if (rest === '') return stateOnly(state);

  const roles = rest.match(/.{1,3}/g) ?? [];
  const labels = roles.map((role) => CAMEO_ROLES.get(role)?.label ?? role);
  const label = labels.join(', ');
  return belowState(
    state,
    {
      id: actorSlug(country.alpha3, ...roles),
      name: `${label.charAt(0).toUpperCase()}${label.slice(1)} (${state.name})`,
      kind: CAMEO_ROLES.get(roles[0] ?? '')?.kind ?? 'organisation',
      alias: `${countryPrefix}${rest}`,
      country: country.alpha3,
    },
    labels[0],
  );
}

/** GDELT's names are upper case (`UNITED NATIONS`): as a name reads. */
function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_m, gap: string, letter: string) => gap + letter.toUpperCase());
}
