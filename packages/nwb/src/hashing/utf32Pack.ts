/**
 * numpy `astype(str).tobytes()`: UTF-32LE code points, every element NUL-padded to the
 * common `<U` width.
 */

/** Number of code points of `s` (the numpy `<U` length). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i += 1;
    }
    n += 1;
  }
  return n;
}

/** Width numpy gives `np.array(strings)`: the longest element, at least 1. */
export function unicodeWidth(strings: readonly string[]): number {
  let w = 1;
  for (const s of strings) w = Math.max(w, codePointLength(s));
  return w;
}

/** Packs `strings` as a numpy `<U{width}` buffer. */
export function utf32Pack(strings: readonly string[], width: number): Uint8Array {
  const out = new Uint32Array(strings.length * width);
  strings.forEach((s, k) => {
    let j = k * width;
    for (const ch of s) {
      out[j] = ch.codePointAt(0) as number;
      j += 1;
    }
  });
  return new Uint8Array(out.buffer);
}
