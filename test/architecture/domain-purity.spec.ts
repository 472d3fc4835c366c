import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The domain is plain TypeScript: decide/evolve, the tone maths, the CAMEO table. It
 * imports nothing from Nest, a database driver, an event-store adapter, HTTP or the
 * projections, so it can be unit-tested without them and never drags them along. Type
 * imports of the EventStore port are fine: the port is plain TypeScript too.
 */
const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

const FORBIDDEN_PACKAGES = [
  /^@nestjs\//,
  /^better-sqlite3(\/|$)/,
  /^@eventstore\//,
  /^@kurrent\//,
  /^fastify(\/|$)/,
];
const FORBIDDEN_PATHS = [
  '/event-store/sqlite',
  '/event-store/eventstoredb',
  '/http/',
  'projections/',
  'database/',
];

interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

/** Every module a file names: imports, re-exports, `import type`, require() and import(). */
function importsOf(fileName: string, text: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest);
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: source.getLineAndCharacterOfPosition(ref.pos).line + 1,
  }));
}

function isForbidden(fromFile: string, specifier: string): boolean {
  if (FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) return true;
  // Relative imports are judged by where they land, so '../../http' is caught as well as
  // '../../http/problem'.
  const landing = specifier.startsWith('.')
    ? '/' +
      relative(ROOT, resolve(dirname(fromFile), specifier))
        .split(sep)
        .join('/') +
      '/'
    : specifier;
  return FORBIDDEN_PATHS.some((path) => specifier.includes(path) || landing.includes(path));
}

function violationsIn(file: string, text: string): Violation[] {
  return importsOf(file, text)
    .filter(({ specifier }) => isForbidden(file, specifier))
    .map(({ specifier, line }) => ({
      file: relative(ROOT, file).split(sep).join('/'),
      line,
      specifier,
    }));
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every non-test .ts file under any `domain` folder of src/. */
function domainFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === 'domain') found.push(...tsFilesUnder(path));
      else walk(path);
    }
  };
  walk(SRC);
  return found.sort();
}

describe('architecture: the domain imports no framework or adapter', () => {
  it('finds domain files to check', () => {
    const files = domainFiles().map((f) => relative(ROOT, f).split(sep).join('/'));
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(
      expect.arrayContaining(['src/records/domain/dyad.ts', 'src/actors/domain/actor.ts']),
    );
  });

  it('has no domain file that imports Nest, a driver, an adapter, HTTP or projections', () => {
    const violations = domainFiles().flatMap((file) =>
      violationsIn(file, readFileSync(file, 'utf8')),
    );
    const report = violations.map((v) => `${v.file}:${v.line} imports '${v.specifier}'`);
    expect(report).toEqual([]);
  });

  describe('the rule itself', () => {
    const file = join(SRC, 'records', 'domain', 'example.ts');
    const check = (text: string): string[] => violationsIn(file, text).map((v) => v.specifier);

    it('catches every kind of forbidden import, with its line', () => {
      const text = [
        "import { Injectable } from '@nestjs/common';",
        "import type Database from 'better-sqlite3';",
        "export { KurrentDBClient } from '@kurrent/kurrentdb-client';",
        "import fastify from 'fastify';",
        "import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';",
        "import type { EsdbStore } from '../../event-store/eventstoredb/store';",
        "import { problem } from '../../http/problem';",
        "import { batches } from '../../projections/batches';",
        "const db = require('../../database/open-database');",
        "const later = () => import('../../http');",
      ].join('\n');
      expect(check(text)).toEqual([
        '@nestjs/common',
        'better-sqlite3',
        '@kurrent/kurrentdb-client',
        'fastify',
        '../../event-store/sqlite/sqlite-event-store',
        '../../event-store/eventstoredb/store',
        '../../http/problem',
        '../../projections/batches',
        '../../database/open-database',
        '../../http',
      ]);
      expect(violationsIn(file, "\n\nimport { Module } from '@nestjs/core';")).toEqual([
        { file: 'src/records/domain/example.ts', line: 3, specifier: '@nestjs/core' },
      ]);
    });

    it('allows plain libraries, common helpers, sibling domain files and the port types', () => {
      const text = [
        "import { DateTime } from 'luxon';",
        "import { canonicalJson } from '../../common/canonical-json';",
        "import { RECORD_KINDS } from './record';",
        "import type { RecordedEvent } from '../../event-store/event-store.port';",
        "import type { Position } from '../../event-store/position';",
      ].join('\n');
      expect(check(text)).toEqual([]);
    });
  });
});
