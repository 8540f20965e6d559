import { jenkinsLookup3 } from './jenkinsLookup3';

// Vectors from the self-test driver in Bob Jenkins' lookup3.c (hashlittle).
describe('jenkinsLookup3', () => {
  const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
  it('hashes the empty key to 0xdeadbeef (initval 0) and 0xbd5b7dde (initval 0xdeadbeef)', () => {
    expect(jenkinsLookup3(new Uint8Array(0))).toBe(0xdeadbeef);
    expect(jenkinsLookup3(new Uint8Array(0), 0xdeadbeef)).toBe(0xbd5b7dde);
  });
  it('matches the published "Four score and seven years ago" values', () => {
    expect(jenkinsLookup3(text('Four score and seven years ago'))).toBe(0x17770551);
    expect(jenkinsLookup3(text('Four score and seven years ago'), 1)).toBe(0xcd628161);
  });
});
