import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROBLEM_TYPES } from './problem-types';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'assets' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Where the code names a problem type: `problemType('…')` (the compiler holds these to
 * the registry too), a DomainError's `slug = '…'`, and the first argument of
 * `new Refused('…'` / `new Conflict('…'` (slugs the compiler cannot check: common/ sits
 * below http/ and cannot import the registry).
 */
const SLUG_SITES = [
  /\bproblemType\(\s*'([^']+)'/g,
  /\breadonly slug = '([^']+)'/g,
  /\bnew (?:Refused|Conflict)\(\s*'([^']+)'/g,
];

describe('the problem types', () => {
  const used = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of SLUG_SITES)
      for (const match of text.matchAll(pattern))
        if (match[1] !== undefined) used.set(match[1], relative(SRC, file));
  }

  it('finds the slugs the code raises (the scan itself works)', () => {
    expect([...used.keys()]).toEqual(
      expect.arrayContaining(['validation-failed', 'unknown-actor', 'kind-rule', 'rate-limited']),
    );
  });

  it('lists every slug the code raises, so that each type URI has its page', () => {
    const missing = [...used].filter(([slug]) => !(slug in PROBLEM_TYPES));
    expect(missing).toEqual([]);
  });

  it('gives each a title, a status, what it means and what to do', () => {
    for (const [slug, info] of Object.entries(PROBLEM_TYPES)) {
      expect([slug, info.status >= 400 && info.status < 600]).toEqual([slug, true]);
      for (const text of [info.title, info.meaning, info.action])
        expect([slug, text.length > 0]).toEqual([slug, true]);
    }
  });
});
