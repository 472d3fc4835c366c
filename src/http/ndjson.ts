/** The media types parley takes as NDJSON (one JSON value a line). */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

export function isNdjson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return NDJSON_TYPES.includes(type);
}
