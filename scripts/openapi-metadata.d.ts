/** Writes the Nest swagger plugin's metadata file into `outputDir` (src/openapi/ by default); returns its path. */
export function generate(outputDir?: string): string;
export const FILENAME: string;
/** The folder the app loads the metadata from (src/openapi/). */
export const SOURCE_DIR: string;
