/** The damage {@link mutateFile} does to a copy of a file. */
export type MutationKind = 'truncate' | 'flip' | 'zero-block' | 'append';

/** The kinds, in the order a fuzz run cycles through them. */
export const MUTATION_KINDS: readonly MutationKind[] = ['truncate', 'flip', 'zero-block', 'append'];

/** Small deterministic PRNG (mulberry32): a seed reproduces a whole fuzz run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A damaged copy of `original` (never modified): cut at a random length, 1-8 random bit flips,
 * one 512-byte block of zeros at a random (unaligned) offset — the damage that made h5wasm loop
 * in issue 12 — or 1-4096 random bytes appended.
 */
export function mutateFile(original: Uint8Array, kind: MutationKind, random: () => number): Buffer {
  const pick = (n: number): number => Math.floor(random() * n);
  switch (kind) {
    case 'truncate':
      return Buffer.from(original.subarray(0, pick(original.length)));
    case 'flip': {
      const out = Buffer.from(original);
      const flips = 1 + pick(8);
      for (let i = 0; i < flips; i += 1) out[pick(out.length)] ^= 1 << pick(8);
      return out;
    }
    case 'zero-block': {
      const out = Buffer.from(original);
      const start = pick(out.length);
      out.fill(0, start, Math.min(out.length, start + 512));
      return out;
    }
    case 'append': {
      const tail = Buffer.alloc(1 + pick(4096));
      for (let i = 0; i < tail.length; i += 1) tail[i] = pick(256);
      return Buffer.concat([original, tail]);
    }
  }
}
