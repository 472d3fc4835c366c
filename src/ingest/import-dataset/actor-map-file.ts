import { Inject, Injectable } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import { BadInput } from '../../common/domain-error';
import { AppConfig } from '../../config/config';
import type { ActorMap } from '../domain/dataset-row';

/** Where the actor map lives: PARLEY_ACTOR_MAP, or `actor-map.json` beside the database. */
export function actorMapPath(config: Pick<AppConfig, 'PARLEY_ACTOR_MAP' | 'PARLEY_DB'>): string {
  return config.PARLEY_ACTOR_MAP ?? join(dirname(config.PARLEY_DB), 'actor-map.json');
}

/**
 * The operator's actor map, a JSON object in a file: a dataset's code or name (GDELT
 * `USAGOV`, ICEWS `Foreign Affairs (Russia)`) → the id of an actor parley has. Dataset
 * imports fold the rows' actors through it; read at each import, so an edit applies to
 * the next file without a restart.
 */
@Injectable()
export class ActorMapFile {
  readonly path: string;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.path = actorMapPath(config);
  }

  current(): ActorMap {
    return readActorMap(this.path);
  }
}

/** The map in `path` (empty when there is no file); a malformed file is refused, naming it. */
export function readActorMap(path: string): ActorMap {
  if (!existsSync(path)) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BadInput(`the actor map ${path} is not JSON: ${String(error)}`, 'actorMap');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadInput(
      `the actor map ${path} must be a JSON object of code → actor id`,
      'actorMap',
    );
  }
  const map = new Map<string, string>();
  for (const [code, id] of Object.entries(parsed)) {
    if (typeof id !== 'string' || !ACTOR_ID_PATTERN.test(id)) {
      throw new BadInput(
        `the actor map ${path} maps "${code}" to ${JSON.stringify(id)}, not an actor id`,
        'actorMap',
      );
    }
    map.set(code, id);
  }
  return map;
}

/** Adds (or changes) one entry, writing the file atomically (a new file, then a rename). */
export function writeActorAlias(path: string, code: string, actorId: string): ActorMap {
  if (!ACTOR_ID_PATTERN.test(actorId)) {
    throw new BadInput(`"${actorId}" is not an actor id (lower-case slug)`, 'actor');
  }
  if (code.trim() === '') throw new BadInput('the dataset code or name is empty', 'code');
  const map = new Map(readActorMap(path));
  map.set(code, actorId);
  mkdirSync(dirname(path), { recursive: true });
  const sorted = Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(`${path}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return map;
}
