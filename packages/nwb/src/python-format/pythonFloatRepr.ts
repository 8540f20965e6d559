/**
 * Python/numpy text for floating-point numbers. JavaScript's `String(x)` differs from
 * Python's `repr` (`1e-7` vs `1e-07`, `3` vs `3.0`, `1e21` threshold vs `1e16`), and
 * Spyglass digests hash that text, so every float that reaches md5 goes through here.
 */

/** Shortest decimal digits and decimal-point position: value = 0.DIGITS × 10^pointPos. */
export interface ShortestDigits {
  digits: string;
  /** Position of the decimal point relative to the first digit (Python's `decpt`). */
  pointPos: number;
}

/** Splits `d.ddde±x` (as produced by `toExponential`/`toPrecision`) into digits and decpt. */
function splitExponential(text: string): ShortestDigits {
  const [mantissa, exp] = text.split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  return { digits, pointPos: Number(exp) + 1 };
}

/**
 * Shortest round-trip digits of a float64 (ECMAScript's `toExponential()` without argument
 * uses the same shortest-then-closest rule as Python's repr).
 */
function shortestFloat64(abs: number): ShortestDigits {
  return splitExponential(abs.toExponential());
}

/** The exact decimal expansion of a finite, positive float64 (every binary fraction is a finite decimal). */
export function exactDecimal(abs: number): ShortestDigits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const biased = (view.getUint16(0) >> 4) & 0x7ff;
  const fraction = view.getBigUint64(0) & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | 0x10000000000000n;
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  // m·2^k = m·5^-k / 10^-k for k < 0
  const integer = exp2 >= 0 ? mantissa << BigInt(exp2) : mantissa * 5n ** BigInt(-exp2);
  const text = integer.toString();
  return { digits: text.replace(/0+$/, ''), pointPos: text.length + Math.min(exp2, 0) };
}

/**
 * The `precision`-digit candidate numpy's Dragon4 picks when `abs` lies exactly halfway between
 * two: the one with the even last digit (`toExponential` takes the larger); undefined when `abs`
 * is no such tie.
 */
function evenTieCandidate(abs: number, precision: number): string | undefined {
  const { digits, pointPos } = exactDecimal(abs);
  if (!/^50*$/.test(digits.slice(precision))) return undefined;
  const lower = digits.slice(0, precision).padEnd(precision, '0');
  if (Number(lower.at(-1)) % 2 !== 0) return undefined;
  return `${lower[0]}${precision > 1 ? `.${lower.slice(1)}` : ''}e${pointPos - 1}`;
}

/**
 * Shortest digits that round-trip through `narrow` (float32 or float16 rounding), the
 * candidate nearest to the value among those of that length (numpy's Dragon4 unique mode,
 * which breaks an exact tie towards the even digit).
 */
function shortestNarrow(abs: number, narrow: (x: number) => number, maxDigits: number): ShortestDigits {
  for (let precision = 1; precision <= maxDigits; precision += 1) {
    const nearestExp = abs.toExponential(precision - 1);
    if (narrow(Number(nearestExp)) === abs) {
      const even = evenTieCandidate(abs, precision);
      return splitExponential(even !== undefined && narrow(Number(even)) === abs ? even : nearestExp);
    }
    // The rounding interval is asymmetric at powers of two, so the nearest candidate may
    // miss while its neighbour one unit away still rounds back; Dragon4 would pick that one.
    const { digits, pointPos } = splitExponential(nearestExp);
    const padded = digits.padEnd(precision, '0');
    const base = BigInt(padded);
    const neighbours = [base + 1n, base - 1n]
      .filter((n) => n > 0n)
      .map((n) => {
        const s = n.toString();
        // A carry (999 → 1000) shifts the exponent by one.
        return Number(`0.${s}e${pointPos + (s.length - precision)}`);
      })
      .filter((candidate) => narrow(candidate) === abs)
      .sort((a, b) => Math.abs(a - abs) - Math.abs(b - abs));
    if (neighbours.length > 0) return splitExponential(neighbours[0].toExponential(precision - 1));
  }
  return splitExponential(abs.toExponential(maxDigits - 1));
}

/** Width in bits of a numpy float type. */
export type FloatBits = 16 | 32 | 64;

/**
 * Shortest round-trip digits of a finite, positive value of a float type (numpy's Dragon4
 * unique mode); `abs` must already be a value of that type.
 */
export function shortestDigits(abs: number, bits: FloatBits): ShortestDigits {
  if (bits === 64) return shortestFloat64(abs);
  if (bits === 32) return shortestNarrow(abs, Math.fround, 9);
  return shortestNarrow(abs, roundToFloat16, 5);
}

/** Positional text with at least one digit after the point (`3.0`, `0.001`, `1234.5`). */
function positional({ digits, pointPos }: ShortestDigits): string {
  if (pointPos <= 0) return `0.${'0'.repeat(-pointPos)}${digits}`;
  if (pointPos >= digits.length) return `${digits}${'0'.repeat(pointPos - digits.length)}.0`;
  return `${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`;
}

/** Scientific text like Python: `1e-07`, `1.5e+16` (sign always, at least two exponent digits). */
function scientific({ digits, pointPos }: ShortestDigits): string {
  const exp = pointPos - 1;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return undefined;
}

/**
 * Python `repr(float)` (= `str(np.float64)`) of a float64: shortest round-trip digits,
 * scientific when the decimal exponent is < -4 or >= 16.
 *
 * @example pythonFloatRepr(1e-7) === '1e-07'; pythonFloatRepr(3) === '3.0'
 */
export function pythonFloatRepr(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const sign = x < 0 ? '-' : '';
  const d = shortestFloat64(Math.abs(x));
  const exp = d.pointPos - 1;
  return sign + (exp < -4 || exp >= 16 ? scientific(d) : positional(d));
}

/** numpy scalar `str()` of a narrow float: positional when 1e-4 <= |x| < 1e16 (numpy's own cut-off). */
function numpyNarrowRepr(x: number, narrow: (v: number) => number, maxDigits: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  const d = shortestNarrow(abs, narrow, maxDigits);
  // numpy compares the value itself (not its digits) with 1e-4: float32(1e-4) < 1e-4 prints `1e-04`.
  return sign + (abs < 1e16 && abs >= 1e-4 ? positional(d) : scientific(d));
}

/**
 * numpy `str(np.float32(x))`: the shortest digits that round-trip through float32
 * (`0.1`, `16777216.0`, `1e-04`). `x` must already be a float32 value (`Math.fround`).
 */
export function pythonFloat32Repr(x: number): string {
  return numpyNarrowRepr(x, Math.fround, 9);
}

/** Rounds a float64 to the nearest float16 value (round-half-even), returned as a number. */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const abs = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (abs >= 65520) return sign * Infinity; // 65504 + half an ulp (16) rounds to inf
  // Subnormal spacing is 2^-24; normal spacing is 2^(e-10).
  let e = Math.floor(Math.log2(abs));
  // Math.log2 may be off by one next to powers of two; settle the binade exactly.
  if (2 ** e > abs) e -= 1;
  else if (2 ** (e + 1) <= abs) e += 1;
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const q = abs / ulp;
  let r = Math.round(q);
  if (r - q === 0.5 && r % 2 !== 0) r -= 1; // half to even
  return sign * r * ulp;
}

/** numpy `str(np.float16(x))`; `x` must already be a float16 value. */
export function pythonFloat16Repr(x: number): string {
  return numpyNarrowRepr(x, roundToFloat16, 5);
}
