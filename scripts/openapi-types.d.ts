/** The TypeScript of an OpenAPI document, formatted as the checked-in file is. */
export function typesOf(document: object): Promise<string>;
/**
 * Writes the types of the document in the file `document` (the built service's own when
 * absent) to `out` (src/page/assets/api-types.d.ts when absent); resolves with its path.
 */
export function generate(options?: { document?: string; out?: string }): Promise<string>;
/** src/page/assets/api-types.d.ts */
export const TYPES_FILE: string;
