#!/usr/bin/env node
'use strict';
/**
 * Writes src/openapi/plugin-metadata.ts: what the Nest swagger CLI plugin reads from the
 * TypeScript types and doc comments of the DTOs (`*.dto.ts`) and controllers, as a module
 * the app loads at start (SwaggerModule.loadPluginMetadata). The plugin proper runs only
 * inside `nest build`; the tests run the sources through ts-jest, which transpiles without
 * a type checker, so both load this file instead and serve the same document.
 *
 * Run it (`npm run openapi:metadata`) after changing a DTO or a controller; the OpenAPI
 * test fails while the file is stale.
 */
const { resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const FILENAME = 'plugin-metadata.ts';

/** The plugin's options; `nest-cli.json` would hold them if the plugin ran in the build. */
const PLUGIN_OPTIONS = {
  classValidatorShim: true,
  introspectComments: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

/** Where the app loads the file from; its imports are relative to this folder. */
const SOURCE_DIR = resolve(ROOT, 'src', 'openapi');

/**
 * Writes the metadata file into `outputDir` and returns its path. Its imports are relative
 * to src/openapi/ wherever it is written, so that a copy elsewhere can be compared.
 */
function generate(outputDir = SOURCE_DIR) {
  const ts = require('typescript');
  const {
    PluginMetadataGenerator,
  } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
  const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
  // Our own program rather than the generator's type-check step, which exits the process
  // on any type error anywhere: type errors are `npm run lint`'s to report.
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve(ROOT, 'tsconfig.build.json'),
    undefined,
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...PLUGIN_OPTIONS, pathToSource: SOURCE_DIR })],
    outputDir,
    filename: FILENAME,
    tsProgramRef: program,
  });
  return resolve(outputDir, FILENAME);
}

module.exports = { generate, FILENAME, SOURCE_DIR };

if (require.main === module) process.stdout.write(`${generate()}\n`);
