/**
 * The columns of GDELT's event files, in file order, by the codebooks' names:
 * - 2.0: "GDELT 2.0 Event Database Codebook V2.0",
 *   http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf — 61
 *   columns (checked on every row of 20150218230000.export.CSV).
 * - 1.0: "GDELT Event Codebook V1.03",
 *   http://data.gdeltproject.org/documentation/GDELT-Data_Format_Codebook.pdf — the same
 *   event and actor columns, but no ADM2Code in the three geography blocks, and
 *   SOURCEURL only in the daily files from 2013-04-01 on: 57 columns in the backfiles
 *   (1979 … March 2013), 58 in the daily files, where some early rows name a source
 *   rather than a URL in SOURCEURL ("BBC Monitoring" in 20130401.export.CSV).
 */
const EVENT_AND_ACTORS = [
  'GLOBALEVENTID',
  'SQLDATE',
  'MonthYear',
  'Year',
  'FractionDate',
  ...actorColumns('Actor1'),
  ...actorColumns('Actor2'),
  'IsRootEvent',
  'EventCode',
  'EventBaseCode',
  'EventRootCode',
  'QuadClass',
  'GoldsteinScale',
  'NumMentions',
  'NumSources',
  'NumArticles',
  'AvgTone',
] as const;

function actorColumns(actor: 'Actor1' | 'Actor2'): string[] {
  return [
    'Code',
    'Name',
    'CountryCode',
    'KnownGroupCode',
    'EthnicCode',
    'Religion1Code',
    'Religion2Code',
    'Type1Code',
    'Type2Code',
    'Type3Code',
  ].map((column) => `${actor}${column}`);
}

function geoColumns(withAdm2: boolean): string[] {
  return ['Actor1Geo', 'Actor2Geo', 'ActionGeo'].flatMap((block) =>
    [
      'Type',
      'FullName',
      'CountryCode',
      'ADM1Code',
      ...(withAdm2 ? ['ADM2Code'] : []),
      'Lat',
      'Long',
      'FeatureID',
    ].map((column) => `${block}_${column}`),
  );
}

export const GDELT2_COLUMNS: readonly string[] = [
  ...EVENT_AND_ACTORS,
  ...geoColumns(true),
  'DATEADDED',
  'SOURCEURL',
];

/** GDELT 1.0's 58 columns; the backfiles' 57 are these without SOURCEURL. */
export const GDELT1_COLUMNS: readonly string[] = [
  ...EVENT_AND_ACTORS,
  ...geoColumns(false),
  'DATEADDED',
  'SOURCEURL',
];

/** Each column's index by name. */
export function columnIndex(columns: readonly string[]): ReadonlyMap<string, number> {
  return new Map(columns.map((name, index) => [name, index]));
}
