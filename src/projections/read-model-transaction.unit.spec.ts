import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../database/open-database';
import { readModelTransaction } from './read-model-transaction';

describe('readModelTransaction', () => {
  let dir: string;
  let db: SqliteDatabase;
  const level = (): unknown => db.pragma('synchronous', { simple: true });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-rmt-'));
    db = openDatabase(join(dir, 'parley.db'));
    db.exec('CREATE TABLE rows (n INTEGER)');
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits at synchronous=NORMAL and gives the connection back at FULL', () => {
    const seen: unknown[] = [];
    const write = readModelTransaction(db, (n: number) => {
      seen.push(level());
      db.prepare('INSERT INTO rows VALUES (?)').run(n);
      return n * 2;
    });
    expect(level()).toBe(2);
    expect(write(21)).toBe(42);
    expect(seen).toEqual([1]);
    expect(level()).toBe(2);
    expect(db.prepare('SELECT n FROM rows').pluck().all()).toEqual([21]);
  });

  it('rolls back and restores FULL when the work throws', () => {
    const write = readModelTransaction(db, () => {
      db.prepare('INSERT INTO rows VALUES (1)').run();
      throw new Error('boom');
    });
    expect(() => write()).toThrow('boom');
    expect(level()).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(0);
  });

  it('inside an enclosing transaction is a nested one and leaves the level alone', () => {
    const inner = readModelTransaction(db, () => {
      db.prepare('INSERT INTO rows VALUES (1)').run();
    });
    const levels: unknown[] = [];
    db.transaction(() => {
      inner();
      levels.push(level());
    })();
    expect(levels).toEqual([2]);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(1);
  });

  it('leaves a connection already below FULL as it is', () => {
    db.pragma('synchronous = OFF');
    readModelTransaction(db, () => undefined)();
    expect(level()).toBe(0);
  });

  it('keeps the rows of a committed batch across connections', () => {
    readModelTransaction(db, () => db.prepare('INSERT INTO rows VALUES (7)').run())();
    const other = new Database(join(dir, 'parley.db'), { readonly: true });
    expect(other.prepare('SELECT n FROM rows').pluck().all()).toEqual([7]);
    other.close();
  });
});
