import { loadConfig } from '../config/config';
import { parleyProjections } from './parley-projections';

describe('the projections under the configuration', () => {
  const tone = (env: Record<string, string>) =>
    parleyProjections(loadConfig({ PARLEY_SAMPLE_DATA: 'off', ...env })).find(
      (projection) => projection.name === 'tone',
    );

  it('gives the tone view another version when the same-event rule changes, so it is rebuilt', () => {
    const byDay = tone({});
    const off = tone({ PARLEY_SAME_EVENT: 'off' });
    expect(byDay?.version).toBe(tone({ PARLEY_SAME_EVENT: 'day' })?.version);
    expect(off?.version).not.toBe(byDay?.version);
  });

  it('refuses a rule it does not know, naming the variable', () => {
    expect(() => tone({ PARLEY_SAME_EVENT: 'week' })).toThrow(/PARLEY_SAME_EVENT/);
  });
});
