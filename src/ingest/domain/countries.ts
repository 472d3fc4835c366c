import { alpha3ToAlpha2, getAlpha3Code, getName, registerLocale } from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import type { ActorProfile } from '../../actors/domain/actor';
import { CAMEO_NON_ISO_COUNTRIES, CAMEO_REGIONS } from './cameo';

// The library answers names only in the languages registered with it.
registerLocale(english);

/**
 * Country names the datasets write that i18n-iso-countries does not know in English,
 * to their ISO 3166-1 alpha-3 code. ICEWS spells countries its own way (its actor
 * dictionary, Dataverse doi:10.7910/DVN/28118); add a spelling here when an import
 * skips rows as `unknown-country` for a name that is a state.
 */
export const DATASET_COUNTRY_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['occupied palestinian territory', 'PSE'],
  ['democratic republic of congo', 'COD'],
  ['congo', 'COG'],
  ['burma', 'MMR'],
  ['macedonia', 'MKD'],
  ['swaziland', 'SWZ'],
]);

/** Where a country column or name leads: a state's alpha-3, a region, or nowhere. */
export type CountryResolution =
  | { readonly status: 'state'; readonly alpha3: string }
  | { readonly status: 'region' }
  | { readonly status: 'unknown' };

const UNKNOWN: CountryResolution = { status: 'unknown' };

/** A CAMEO country code (GDELT's Actor1CountryCode): ISO alpha-3 but for CAMEO's own codes and regions. */
export function countryOfCameoCode(code: string): CountryResolution {
  const upper = code.trim().toUpperCase();
  if (CAMEO_REGIONS.has(upper)) return { status: 'region' };
  const iso = CAMEO_NON_ISO_COUNTRIES.get(upper) ?? upper;
  return isAlpha3(iso) ? { status: 'state', alpha3: iso } : UNKNOWN;
}

/**
 * A country as a dataset names it (ICEWS `Russia`, POLECAT `RUS` or `Russia`): an ISO
 * alpha-3 code as it is, else the documented spelling, else the English names
 * i18n-iso-countries knows.
 */
export function countryOfName(name: string): CountryResolution {
  let known = byName.get(name);
  if (!known) {
    known = resolveName(name);
    // A dataset names a few hundred countries over and over; a lookup runs through every name.
    if (byName.size < 10_000) byName.set(name, known);
  }
  return known;
}

const byName = new Map<string, CountryResolution>();

function resolveName(name: string): CountryResolution {
  const trimmed = name.trim();
  if (/^[A-Za-z]{3}$/.test(trimmed) && isAlpha3(trimmed.toUpperCase())) {
    return { status: 'state', alpha3: trimmed.toUpperCase() };
  }
  const alpha3 =
    DATASET_COUNTRY_SPELLINGS.get(trimmed.toLowerCase()) ?? getAlpha3Code(trimmed, 'en');
  return alpha3 && isAlpha3(alpha3) ? { status: 'state', alpha3 } : UNKNOWN;
}

function isAlpha3(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && alpha3ToAlpha2(code) !== undefined;
}

/**
 * The state actor of a country: id its alpha-3 in lower case (`usa`), its English
 * official name, its alpha-3 as alias. The same profile whichever dataset names it.
 */
export function stateActor(alpha3: string): ActorProfile {
  return {
    id: alpha3.toLowerCase(),
    name: getName(alpha3, 'en', { select: 'official' }) ?? alpha3,
    kind: 'state',
    aliases: [alpha3],
    country: alpha3,
  };
}
