/** Parses Python's `float.hex()` text (`-0x1.999999999999ap-4`, `0x0.0p+0`, `inf`, `nan`). */
export function parseHexFloat(text: string): number {
  const t = text.trim();
  if (/^[-+]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return NaN;
  const m = /^([-+]?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([-+]?\d+)$/i.exec(t);
  if (!m) throw new Error(`not a hex float: ${text}`);
  const [, sign, intPart, frac = '', exp] = m;
  const mantissa = BigInt(`0x${intPart}${frac}`);
  // mantissa < 2^60 here, exact through Number for the 53-bit values Python emits.
  const value = Number(mantissa) * 2 ** (Number(exp) - 4 * frac.length);
  return sign === '-' ? -value : value;
}
