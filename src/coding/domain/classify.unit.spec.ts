import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCameoEventCode } from '../../records/domain/cameo-goldstein';
import { THREAT_INSTRUMENTS } from '../../records/domain/record';
import { classifyGold, type GoldItem } from '../eval/measures';
import { classify } from './classify';
import { CAMEO_LABELS } from './lexicon/cameo-labels';
import { CAMEO_PHRASES } from './lexicon/cameo-lexicon';

const quoted = (sentence: string, quote: string, reported = false) =>
  classify({ sentence, quote, reported });

describe('classify: kind, threat terms and denied claims', () => {
  it('reads a conditional tariff threat: instrument, magnitude, condition and deadline', () => {
    const result = quoted(
      'Trump said he would impose a 50% tariff on countries buying Russian oil if Russia fails to agree to a ceasefire within 50 days.',
      'he would impose a 50% tariff on countries buying Russian oil if Russia fails to agree to a ceasefire within 50 days',
      true,
    );
    expect(result.kind).toBe('threat');
    expect(result.threat).toEqual({
      instrument: 'tariff',
      magnitude: '50%',
      condition: 'Russia fails to agree to a ceasefire',
      deadline: 'within 50 days',
    });
    expect(result.cameo[0]?.code).toBe('1312');
  });

  it('keeps "unless" in the condition, since it inverts it, and finds a deadline by a date', () => {
    const result = quoted(
      '"We will slap a 25% tariff on all Canadian steel by the end of the month unless Ottawa stops the flow of drugs," the president said.',
      'We will slap a 25% tariff on all Canadian steel by the end of the month unless Ottawa stops the flow of drugs',
    );
    expect(result.kind).toBe('threat');
    expect(result.threat).toMatchObject({
      instrument: 'tariff',
      magnitude: '25%',
      condition: 'unless Ottawa stops the flow of drugs',
      deadline: 'by the end of the month',
    });
  });

  it('names an asset freeze a sanction and a sum of money its magnitude', () => {
    const result = quoted(
      'The minister warned that Brussels would freeze $100 billion in Russian assets within 30 days if the shelling continued.',
      'Brussels would freeze $100 billion in Russian assets within 30 days if the shelling continued',
      true,
    );
    expect(result.kind).toBe('threat');
    expect(result.threat).toMatchObject({
      instrument: 'sanction',
      magnitude: '$100 billion',
      condition: 'the shelling continued',
      deadline: 'within 30 days',
    });
  });

  it('reads force threats, "or face" ultimatums and "legitimate targets" as military threats', () => {
    const strike = quoted(
      '"If they attack our ships again, our navy will strike their bases," the admiral said.',
      'If they attack our ships again, our navy will strike their bases',
    );
    expect(strike.kind).toBe('threat');
    expect(strike.threat).toMatchObject({
      instrument: 'military',
      condition: 'they attack our ships again',
    });
    expect(strike.cameo[0]?.code.slice(0, 2)).toBe('13');

    const ultimatum = quoted(
      '"Withdraw your troops or face the consequences," the general told the neighbours.',
      'Withdraw your troops or face the consequences',
    );
    expect(ultimatum.kind).toBe('threat');

    const targets = quoted(
      'Medvedev wrote that foreign instructors in Ukraine would become legitimate targets.',
      'foreign instructors in Ukraine would become legitimate targets',
      true,
    );
    expect(targets.kind).toBe('threat');
    expect(targets.threat?.instrument).toBe('military');
  });

  it('gives every threat an instrument parley records accept', () => {
    const result = quoted('"You will regret this," the envoy said.', 'You will regret this');
    expect(result.kind).toBe('threat');
    expect(THREAT_INSTRUMENTS).toContain(result.threat?.instrument);
  });

  it('does not take a reported act for a threat: sanctions imposed are a 16x, not a 13x', () => {
    const result = quoted(
      'The EU said it had imposed new sanctions on Russian banks on Monday.',
      'it had imposed new sanctions on Russian banks on Monday',
      true,
    );
    expect(result.kind).toBe('statement');
    expect(result.threat).toBeUndefined();
    expect(result.cameo[0]?.code).toBe('163');
  });

  it('finds the claim a denial denies, however the denial is worded', () => {
    const claim = (sentence: string, quote: string) => {
      const result = quoted(sentence, quote, true);
      expect(result.kind).toBe('denial');
      expect(result.cameo[0]?.code).toBe('016');
      return result.denial?.claim;
    };
    expect(
      claim(
        'The foreign ministry denied that its diplomats had met the rebels.',
        'its diplomats had met the rebels',
      ),
    ).toBe('its diplomats had met the rebels');
    expect(
      claim(
        '"Reports that our army used cluster munitions are false," the spokesman said.',
        'Reports that our army used cluster munitions are false',
      ),
    ).toBe('our army used cluster munitions');
    expect(
      claim(
        'The ministry rejected the claims that the convoy was carrying weapons.',
        'the claims that the convoy was carrying weapons',
      ),
    ).toBe('the convoy was carrying weapons');
    expect(
      claim(
        '"There is no truth to the rumours that the minister has resigned," she said.',
        'There is no truth to the rumours that the minister has resigned',
      ),
    ).toBe('the minister has resigned');
  });

  it('reads "we have never threatened" as a denial, not as a threat', () => {
    const result = quoted(
      '"We have never threatened any NATO country," Lavrov said.',
      'We have never threatened any NATO country',
    );
    expect(result.kind).toBe('denial');
    expect(result.denial?.claim).toBe('We have threatened any NATO country');
  });

  it('leaves a refusal or a plain remark a statement', () => {
    expect(
      quoted(
        '"We will never give up our land," the president said.',
        'We will never give up our land',
      ).kind,
    ).toBe('statement');
    expect(
      quoted('"The talks in Geneva were long," the envoy said.', 'The talks in Geneva were long')
        .kind,
    ).toBe('statement');
  });
});

describe('classify: input it was not written for', () => {
  it('answers a plain statement for an empty quote', () => {
    const result = quoted('', '');
    expect(result.kind).toBe('statement');
    expect(result.cameo).toHaveLength(3);
  });

  it('reads only the opening of a megabyte-long "sentence", so it answers at once', () => {
    const endless = 'Officials denied that ' + 'the convoy carried weapons and '.repeat(35_000);
    const started = Date.now();
    const result = quoted(endless, endless, true);
    // Reading it all took about a second; the opening takes milliseconds.
    expect(Date.now() - started).toBeLessThan(500);
    expect(result.kind).toBe('denial');
    expect(result.denial?.claim).toMatch(/^the convoy carried weapons/);
    expect(result.denial?.claim.length).toBeLessThanOrEqual(4000);
  });
});

describe('classify: CAMEO guesses and tone', () => {
  it('suggests three codes from three roots, best first, each a codebook code with its label', () => {
    const result = quoted('Trump praised Putin, calling him "smart" and "strong".', 'smart');
    expect(result.cameo).toHaveLength(3);
    expect(new Set(result.cameo.map((guess) => guess.code.slice(0, 2))).size).toBe(3);
    expect(result.cameo[0]?.code).toBe('051');
    const scores = result.cameo.map((guess) => guess.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const guess of result.cameo) {
      expect(isCameoEventCode(guess.code)).toBe(true);
      expect(guess.label).toBe(CAMEO_LABELS[guess.code]);
    }
  });

  it('never names a code parley refuses: every code of the dictionary is in the codebook', () => {
    const unknown = CAMEO_PHRASES.map((entry) => entry.code).filter(
      (code) => !isCameoEventCode(code),
    );
    expect(unknown).toEqual([]);
    const unlabelled = CAMEO_PHRASES.map((entry) => entry.code).filter(
      (code) => !CAMEO_LABELS[code],
    );
    expect(unlabelled).toEqual([]);
  });

  it('tones praise cordial and abuse hostile, and says how', () => {
    const praise = quoted(
      'The president praised his counterpart as a wise and respected partner.',
      'a wise and respected partner',
      true,
    );
    expect(praise.tone.value).toBeGreaterThan(0);
    expect(praise.tone.basis).toMatch(/Goldstein of 051/);
    const abuse = quoted('"This is absolutely crazy," he wrote.', 'This is absolutely crazy');
    expect(abuse.tone.value).toBeLessThan(0);
    expect(abuse.tone.basis).toMatch(/crazy/);
  });

  it('turns a tone word after a negator around', () => {
    const plain = quoted('"Relations are good," she said.', 'Relations are good');
    const negated = quoted('"Relations are not good," she said.', 'Relations are not good');
    expect(negated.tone.value).toBeLessThan(plain.tone.value);
    expect(negated.tone.basis).toMatch(/not good/);
  });
});

describe('classify over the gold set (test/fixtures/coding/gold.ndjson)', () => {
  const items = readFileSync(join(__dirname, '../../../test/fixtures/coding/gold.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as GoldItem);
  const { measures } = classifyGold(items);
  const recall = (name: string) => measures.find((m) => m.name === name)?.recall ?? 0;

  it('has at least 120 sentences over the three kinds and all twenty CAMEO roots', () => {
    expect(items.length).toBeGreaterThanOrEqual(120);
    expect(new Set(items.map((item) => item.kind))).toEqual(
      new Set(['statement', 'threat', 'denial']),
    );
    const roots = new Set(items.map((item) => item.cameoRoot));
    for (let root = 1; root <= 20; root++) expect(roots).toContain(String(root).padStart(2, '0'));
  });

  // The bars, as floors: kind accuracy ≥ 80%, CAMEO root in the top three ≥ 70%.
  it('gets the kind right for at least 80% of the sentences', () => {
    expect(recall('kind (classify alone)')).toBeGreaterThanOrEqual(0.8);
  });

  it('has the right CAMEO root among its three guesses for at least 70%', () => {
    expect(recall('CAMEO root, top 3 (classify alone)')).toBeGreaterThanOrEqual(0.7);
  });
});
