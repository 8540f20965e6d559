/**
 * numpy 1.24's array printing (`arrayprint.py`) for the values Spyglass hashes as text:
 * `str(ndarray)` of scalar HDF5 ARRAY datasets (`[ 0.5  -1.25  3.  ]`) and the fields of
 * `str(np.void)` (`(3., 1.e-05, -0., nan)`). Only the default print options are modelled
 * (precision 8, floatmode `maxprec`, sign `-`, linewidth 75, no summarisation).
 */
import { exactDecimal, roundToFloat16, shortestDigits, type FloatBits, type ShortestDigits } from './pythonFloatRepr';

/** Formats one element for printing (all elements of one array share one formatter). */
export type ElementFormatter<T> = (value: T) => string;

const PRECISION = 8;
const LINE_WIDTH = 75;

/** Whether `abs` lies exactly halfway between two numbers of `decimals` digits after the point (or in the mantissa). */
function isExactTie(abs: number, decimals: number, scientific: boolean): boolean {
  const { digits, pointPos } = exactDecimal(abs);
  const kept = scientific ? decimals + 1 : pointPos + decimals;
  return kept >= 0 && digits.slice(kept) === '5';
}

/** Digits of `abs` rounded to `decimals` digits after the point (exact; ties to even, as Dragon4). */
function roundedDigits(abs: number, decimals: number, scientific: boolean): ShortestDigits {
  const render = (x: number, digits: number): string => (scientific ? x.toExponential(digits) : x.toFixed(digits));
  let text = render(abs, decimals);
  // ECMAScript rounds the exact binary value, as Dragon4 does, but an exact tie up, where
  // Dragon4 takes the even digit. A value whose shortest repr merely ends in that 5 is no tie.
  const rounded = Number(text);
  if (isExactTie(abs, decimals, scientific) && rounded > abs && Number(text.replace(/e.*$/, '').slice(-1)) % 2 === 1) {
    const unit = scientific ? 10 ** (Number(text.split('e')[1]) - decimals) : 10 ** -decimals;
    text = render(rounded - unit, decimals);
  }
  if (scientific) {
    const [mantissa, exp] = text.split('e');
    return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', pointPos: Number(exp) + 1 };
  }
  const [intPart, frac = ''] = text.split('.');
  const all = (intPart === '0' ? '' : intPart) + frac;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (digits === '') return { digits: '0', pointPos: 1 };
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  return { digits, pointPos: (intPart === '0' ? 0 : intPart.length) - leadingZeros };
}

/** Dragon4 unique digits with at most `PRECISION` digits after the point (positional) or in the mantissa fraction. */
function maxPrecisionDigits(abs: number, bits: FloatBits, scientific: boolean): ShortestDigits {
  const d = shortestDigits(abs, bits);
  const fractionDigits = scientific ? d.digits.length - 1 : d.digits.length - d.pointPos;
  if (fractionDigits <= PRECISION) return d;
  return roundedDigits(abs, PRECISION, scientific);
}

/** `int` and `frac` parts of a positional number (`frac` trimmed of zeros, '.' kept). */
function positionalParts(x: number, bits: FloatBits): { int: string; frac: string } {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const abs = Math.abs(x);
  if (abs === 0) return { int: `${sign}0`, frac: '' };
  const { digits, pointPos } = maxPrecisionDigits(abs, bits, false);
  // Dragon4 prints every integer digit in positional mode: float16 65504 is `65504.`, not
  // the shortest `65500.` that `str(np.float16)` prints.
  if (pointPos > digits.length && Number.isInteger(abs)) return { int: `${sign}${BigInt(abs).toString()}`, frac: '' };
  if (pointPos <= 0) return { int: `${sign}0`, frac: `${'0'.repeat(-pointPos)}${digits}` };
  if (pointPos >= digits.length) return { int: `${sign}${digits}${'0'.repeat(pointPos - digits.length)}`, frac: '' };
  return { int: `${sign}${digits.slice(0, pointPos)}`, frac: digits.slice(pointPos) };
}

/**
 * Mantissa parts and exponent of a scientific number. With `minDigits` (numpy's `min_digits`,
 * the array's common precision), a value whose unique digits are fewer gets the further digits
 * of its exact value, not zeros: float32 `8.934397e-04` prints as `8.9343969e-04` beside an
 * element that needs seven fraction digits.
 */
function scientificParts(x: number, bits: FloatBits, minDigits = 0): { int: string; frac: string; exp: number } {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const abs = Math.abs(x);
  if (abs === 0) return { int: `${sign}0`, frac: '', exp: 0 };
  let { digits, pointPos } = maxPrecisionDigits(abs, bits, true);
  if (digits.length - 1 < minDigits) ({ digits, pointPos } = roundedDigits(abs, minDigits, true));
  return { int: `${sign}${digits[0]}`, frac: digits.slice(1), exp: pointPos - 1 };
}

function exponentText(exp: number, digits: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(digits, '0')}`;
}

/** A float64 result of an operation on two `bits`-wide floats, rounded as that type's arithmetic rounds it. */
function inPrecision(x: number, bits: FloatBits): number {
  return bits === 64 ? x : bits === 32 ? Math.fround(x) : roundToFloat16(Math.fround(x));
}

/**
 * numpy `FloatingFormat` over `values` (all of the same float type): decides fixed or
 * scientific notation and the paddings once, then formats each element.
 */
export function numpyFloatFormatter(values: readonly number[], bits: FloatBits): ElementFormatter<number> {
  const finite = values.filter((v) => Number.isFinite(v));
  const absNonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (absNonZero.length > 0) {
    const max = Math.max(...absNonZero);
    const min = Math.min(...absNonZero);
    // numpy divides two scalars of the array's own type (float32 10/0.01 is exactly 1000, not
    // more); the thresholds are Python floats, compared in float64.
    expFormat = max >= 1e8 || min < 0.0001 || inPrecision(max / min, bits) > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expSize = -1;
  if (finite.length > 0 && expFormat) {
    const parts = finite.map((v) => scientificParts(v, bits));
    expSize = Math.max(...parts.map((p) => String(Math.abs(p.exp)).padStart(2, '0').length + 1)) - 1;
    precision = Math.max(...parts.map((p) => p.frac.length));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + precision;
  } else if (finite.length > 0) {
    const parts = finite.map((v) => positionalParts(v, bits));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = Math.max(...parts.map((p) => p.frac.length));
  }
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === -Infinity);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
      return ' '.repeat(Math.max(0, padLeft + padRight + 1 - text.length)) + text;
    }
    if (expFormat) {
      const p = scientificParts(x, bits, precision);
      return `${p.int.padStart(padLeft)}.${p.frac.padEnd(precision, '0')}${exponentText(p.exp, Math.max(expSize, 0))}`;
    }
    const p = positionalParts(x, bits);
    return `${p.int.padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
  };
}

/** numpy `IntegerFormat`: right-aligned to the widest of min and max. */
export function numpyIntFormatter(values: readonly bigint[]): ElementFormatter<bigint> {
  let width = 0;
  for (const v of values) width = Math.max(width, v.toString().length);
  return (x: bigint): string => x.toString().padStart(width);
}

/** numpy `BoolFormat`: `' True'` aligns with `'False'` except in 0-d arrays. */
export function numpyBoolFormatter(zeroDimensional: boolean): ElementFormatter<boolean> {
  const trueText = zeroDimensional ? 'True' : ' True';
  return (x: boolean): string => (x ? trueText : 'False');
}

function extendLine(s: string, line: string, word: string, lineWidth: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > lineWidth;
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += `${line.trimEnd()}\n`;
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/**
 * numpy `str(ndarray)` (`array2string` with separator `' '`, linewidth 75) of an array of
 * `shape` whose C-order elements are already formatted in `words`.
 */
export function numpyArrayStr(shape: readonly number[], words: readonly string[]): string {
  if (shape.length === 0) return words[0];
  if (shape.includes(0)) return '[]';
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const separator = ' ';
  const recurse = (axis: number, offset: number, hangingIndent: string, currWidth: number): string => {
    if (axis === shape.length) return words[offset];
    const nextHanging = `${hangingIndent} `;
    const nextWidth = currWidth - 1;
    const n = shape[axis];
    let s = '';
    if (shape.length - axis === 1) {
      const elemWidth = currWidth - Math.max(separator.trimEnd().length, 1);
      let line = hangingIndent;
      for (let i = 0; i < n - 1; i += 1) {
        [s, line] = extendLine(s, line, recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth), elemWidth, hangingIndent);
        line += separator;
      }
      [s, line] = extendLine(
        s,
        line,
        recurse(axis + 1, offset + (n - 1) * strides[axis], nextHanging, nextWidth),
        elemWidth,
        hangingIndent,
      );
      s += line;
    } else {
      const lineSep = separator.trimEnd() + '\n'.repeat(shape.length - axis - 1);
      for (let i = 0; i < n - 1; i += 1)
        s += hangingIndent + recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth) + lineSep;
      s += hangingIndent + recurse(axis + 1, offset + (n - 1) * strides[axis], nextHanging, nextWidth);
    }
    return `[${s.slice(hangingIndent.length)}]`;
  };
  return recurse(0, 0, ' ', LINE_WIDTH);
}

/** numpy `SubArrayFormat` inside `str(np.void)`: nested lists joined with `', '`, no wrapping. */
export function numpySubArrayText(shape: readonly number[], words: readonly string[]): string {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const recurse = (axis: number, offset: number): string => {
    if (axis === shape.length) return words[offset];
    const items: string[] = [];
    for (let i = 0; i < shape[axis]; i += 1) items.push(recurse(axis + 1, offset + i * strides[axis]));
    return `[${items.join(', ')}]`;
  };
  return recurse(0, 0);
}
