import path from 'node:path';
import { analysisFileName, analysisFilePath } from './analysisFileName';

describe('analysisFileName', () => {
  it('appends ten characters of [A-Z0-9] drawn from the random source', () => {
    const draws = [0, 0.5, 0.999, 25 / 36, 26 / 36, 35 / 36, 0.1, 0.2, 0.3, 0.4];
    let i = 0;
    expect(analysisFileName('oracle_raw_', () => draws[i++])).toBe('oracle_raw_AS9Z09DHKO.nwb');
  });

  it('uses Math.random by default and always yields the Spyglass pattern', () => {
    expect(analysisFileName('j1620210710_')).toMatch(/^j1620210710_[A-Z0-9]{10}\.nwb$/);
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => analysisFileName('x_', () => 1)).toThrow(RangeError);
  });
});

describe('analysisFilePath', () => {
  it('puts the file in the folder named by the text before its last underscore', () => {
    expect(analysisFilePath('/data/analysis', 'j1620210710_ABCDEFGHIJ.nwb')).toBe(
      path.join('/data/analysis', 'j1620210710', 'j1620210710_ABCDEFGHIJ.nwb'),
    );
  });
});
