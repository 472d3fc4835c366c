import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMEO_EVENT_CODES, CAMEO_GOLDSTEIN, isCameoEventCode } from './cameo-goldstein';
import { intensityOf } from './intensity';

const FIXTURES = join(__dirname, '../../../test/fixtures/cameo');

/** GDELT's CAMEO.goldsteinscale.txt as published: a header, then `code<TAB>weight` lines. */
function publishedWeights(): [string, number][] {
  const [header, ...lines] = readFileSync(join(FIXTURES, 'CAMEO.goldsteinscale.txt'), 'utf8')
    .trimEnd()
    .split('\n');
  expect(header).toBe('CAMEOEVENTCODE\tGOLDSTEINSCALE');
  return lines.map((line) => {
    const [code = '', weight = ''] = line.split('\t');
    return [code, Number(weight)];
  });
}

/**
 * The event codes of GDELT's CAMEO.eventcodes.txt, the codebook's list. The published
 * file also lists the four QuadClasses (`1`–`4`, one digit: not event codes) and has lost
 * a line break: `1056<TAB>Demand de-escalation of military engagement106:[-5.0] Demand
 * withdrawal` holds code 106 too.
 */
function codebookCodes(): string[] {
  const text = readFileSync(join(FIXTURES, 'CAMEO.eventcodes.txt'), 'utf8');
  const listed = [...text.matchAll(/^(\d{2,4})\t/gm)].map((m) => m[1] ?? '');
  const glued = [...text.matchAll(/(\d{2,4}):\[-?\d+\.\d\]/g)].map((m) => m[1] ?? '');
  return [...listed, ...glued];
}

describe('the CAMEO → Goldstein table', () => {
  const published = publishedWeights();

  it('holds the 311 codes of the published table, each with its published weight', () => {
    expect(published).toHaveLength(311);
    expect(CAMEO_GOLDSTEIN.weights).toEqual(Object.fromEntries(published));
  });

  it('weighs exactly the event codes the CAMEO codebook lists', () => {
    const codes = codebookCodes();
    expect(codes).toHaveLength(311);
    expect([...CAMEO_EVENT_CODES].sort()).toEqual([...codes].sort());
  });

  it.each(published)('weighs CAMEO %s at %d, by its own weight', (code, weight) => {
    expect(intensityOf('statement', code)).toEqual({ value: weight, source: 'cameo', code });
    expect(isCameoEventCode(code)).toBe(true);
  });

  it.each(['0999', '1315', '099', '0000', '21', '00', '1', '13a', ''])(
    'refuses %p, which the codebook does not list',
    (code) => {
      expect(isCameoEventCode(code)).toBe(false);
    },
  );
});
