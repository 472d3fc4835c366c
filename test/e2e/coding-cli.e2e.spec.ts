import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

// Child processes that each boot the service: allow for a loaded two-core machine.
jest.setTimeout(120_000);

/** An article written for this test, about the sample's actors; the quotes are invented. */
const ARTICLE = [
  'Trump warns Russia over oil',
  '',
  'WASHINGTON - President Donald Trump warned Russia on Sunday that he would put tariffs on its oil. "If Russia does not make a deal, I will put secondary tariffs of 25 percent on all oil coming out of Russia," Trump told reporters.',
  '',
  'Vladimir Putin answered on Monday. "Russia has never refused to negotiate with Washington," Putin said in Moscow.',
].join('\n');

interface CliAnswer {
  article: { words: number; language: string };
  suggestions: {
    id: string;
    quote: { text: string; start: number; end: number };
    speaker: { resolved: { actorId: string } | null };
  }[];
  accepted?: { id: string; receipt?: { id: string }; skipped?: string }[];
}

describe('parley code', () => {
  let dir: string;
  let dbFile: string;
  let article: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-code-'));
    dbFile = join(dir, 'parley.db');
    article = join(dir, 'article.txt');
    writeFileSync(article, ARTICLE);
    // The sample's actors are the directory the suggester resolves speakers against.
    expect(runCli(['import', '--sample'], { PARLEY_DB: dbFile }).status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const code = (...args: string[]) => runCli(['code', ...args], { PARLEY_DB: dbFile });

  it('prints each candidate: quote, speaker → target, kind, CAMEO code and date', () => {
    const cli = code(article, '--published-at', '2025-07-14T09:00:00Z');
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cli.stdout).toContain('I will put secondary tariffs of 25 percent');
    expect(cli.stdout).toMatch(/donald-trump → /);
    expect(cli.stdout).toMatch(/vladimir-putin → /);
    expect(cli.stdout).toMatch(/CAMEO \d{2,4}/);
  });

  it('prints the HTTP answer as JSON with --json, offsets slicing the text', () => {
    const cli = code(article, '--json', '--published-at', '2025-07-14T09:00:00Z');
    expect(cli.status).toBe(0);
    const answer = JSON.parse(cli.stdout) as CliAnswer;
    expect(answer.article.language).toBe('en');
    expect(answer.suggestions.length).toBeGreaterThanOrEqual(2);
    for (const s of answer.suggestions) {
      expect(ARTICLE.slice(s.quote.start, s.quote.end)).toBe(s.quote.text);
    }
  });

  it('records the resolved candidates with --accept-all, and prints their receipts', () => {
    const cli = code(
      article,
      '--accept-all',
      '--json',
      '--published-at',
      '2025-07-14T09:00:00Z',
      '--outlet',
      'Test Wire',
      '--title',
      'Trump warns Russia over oil',
    );
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    const answer = JSON.parse(cli.stdout) as CliAnswer;
    const recorded = (answer.accepted ?? []).filter((a) => a.receipt);
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    const exported = runCli(['export', '--source', 'donald-trump'], { PARLEY_DB: dbFile });
    expect(exported.status).toBe(0);
    const lines = exported.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { id: string; quote?: string; citation: { outlet: string } });
    const ours = lines.find((r) => r.quote?.includes('I will put secondary tariffs'));
    expect(ours?.citation.outlet).toBe('Test Wire');
    expect(recorded.map((a) => a.receipt?.id)).toContain(ours?.id);
  });

  it('exits 2 on a usage error: no such file, a bad date, an article it cannot code', () => {
    const missing = code(join(dir, 'nowhere.txt'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nowhere.txt');

    const badDate = code(article, '--published-at', 'last Tuesday');
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('--published-at');

    const french = join(dir, 'article-fr.txt');
    writeFileSync(
      french,
      "Le président a déclaré dimanche que la France n'accepterait jamais ces conditions et que les négociations reprendraient la semaine prochaine à Genève.",
    );
    const refused = code(french);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('"fr"');

    const noArgument = runCli(['code'], { PARLEY_DB: dbFile });
    expect(noArgument.status).toBe(2);
  });
});
