/**
 * Bit-faithful stand-ins for the libm calls scipy's filter design makes through numpy on
 * glibc 2.36 x86_64 (the Spyglass reference platform). V8's `Math.tan`/`Math.sin`/
 * `Math.pow`/`Math.hypot` are fdlibm ports whose last bit can differ from glibc's, and a
 * single ulp in a pole moves the sos coefficients, so:
 * - `tan`, `sin`, `cos`, `pow` are evaluated in double-double and rounded once, which is
 *   glibc's answer whenever glibc is correctly rounded (its documented bound is ~0.52 ulp,
 *   i.e. all but near-halfway cases);
 * - `hypot` and `csqrt` follow glibc's own algorithms (Borges' hypot kernel, non-FMA build;
 *   `s_csqrt_template.c`) operation by operation.
 */

/** A double-double number `hi + lo` with |lo| <= ulp(hi)/2. */
interface DD {
  hi: number;
  lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split)

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = quickTwoSum(s.hi, s.lo + t.hi);
  r = quickTwoSum(r.hi, r.lo + t.lo);
  return r;
}

function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = ddAdd(a, neg(ddMul(b, { hi: q1, lo: 0 })));
  const q2 = r.hi / b.hi;
  r = ddAdd(r, neg(ddMul(b, { hi: q2, lo: 0 })));
  const q3 = r.hi / b.hi;
  return ddAdd(quickTwoSum(q1, q2), { hi: q3, lo: 0 });
}

function neg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

/** Taylor series of sin and cos in double-double; accurate for |x| <= 2. */
function sinCosDD(x: number): { sin: DD; cos: DD } {
  const x2 = twoProd(x, x);
  let sin: DD = { hi: x, lo: 0 };
  let cos: DD = { hi: 1, lo: 0 };
  let sTerm: DD = { hi: x, lo: 0 };
  let cTerm: DD = { hi: 1, lo: 0 };
  for (let k = 1; k < 40; k++) {
    sTerm = neg(ddDiv(ddMul(sTerm, x2), { hi: 2 * k * (2 * k + 1), lo: 0 }));
    cTerm = neg(ddDiv(ddMul(cTerm, x2), { hi: (2 * k - 1) * (2 * k), lo: 0 }));
    sin = ddAdd(sin, sTerm);
    cos = ddAdd(cos, cTerm);
    if (Math.abs(sTerm.hi) < 1e-40 && Math.abs(cTerm.hi) < 1e-40) break;
  }
  return { sin, cos };
}

function assertReduced(x: number, fn: string): void {
  if (!(Math.abs(x) <= 2)) {
    throw new RangeError(`${fn}(${x}): only |x| <= 2 is supported by the filter-design libm`);
  }
}

/** Correctly rounded tan for |x| <= 2 (the pre-warping argument is in (0, pi/2)). */
export function tan(x: number): number {
  assertReduced(x, 'tan');
  if (x === 0) return x;
  const { sin, cos } = sinCosDD(x);
  const q = ddDiv(sin, cos);
  return q.hi + q.lo;
}

/** Correctly rounded sin for |x| <= 2. */
export function sin(x: number): number {
  assertReduced(x, 'sin');
  if (x === 0) return x;
  const r = sinCosDD(x).sin;
  return r.hi + r.lo;
}

/** Correctly rounded cos for |x| <= 2. */
export function cos(x: number): number {
  assertReduced(x, 'cos');
  const r = sinCosDD(x).cos;
  return r.hi + r.lo;
}

/** Correctly rounded `base ** n` for a small non-negative integer `n` (binary powering in double-double). */
export function powInt(base: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`powInt: exponent ${n} must be a non-negative integer`);
  let result: DD = { hi: 1, lo: 0 };
  let b: DD = { hi: base, lo: 0 };
  let e = n;
  while (e > 0) {
    if (e & 1) result = ddMul(result, b);
    e >>= 1;
    if (e > 0) b = ddMul(b, b);
  }
  return result.hi + result.lo;
}

const HYPOT_SCALE = 2 ** -600;
const HYPOT_LARGE = 2 ** 511;
const HYPOT_TINY = 2 ** -459;
const HYPOT_EPS = 2 ** -54;

function hypotKernel(ax: number, ay: number): number {
  let h = Math.sqrt(ax * ax + ay * ay);
  let t1: number;
  let t2: number;
  if (h <= 2.0 * ay) {
    const delta = h - ay;
    t1 = ax * (2.0 * delta - ax);
    t2 = (delta - 2.0 * (ax - ay)) * delta;
  } else {
    const delta = h - ax;
    t1 = 2.0 * delta * (ax - 2.0 * ay);
    t2 = (4.0 * delta - ay) * ay + delta * delta;
  }
  h -= (t1 + t2) / (2.0 * h);
  return h;
}

/** glibc 2.35+ `hypot` (Borges' algorithm, the non-FMA kernel x86_64 builds use). */
export function hypot(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) return Infinity;
    return x + y;
  }
  x = Math.abs(x);
  y = Math.abs(y);
  const ax = x < y ? y : x;
  const ay = x < y ? x : y;
  if (ax > HYPOT_LARGE) {
    if (ay <= ax * HYPOT_EPS) return ax + ay;
    return hypotKernel(ax * HYPOT_SCALE, ay * HYPOT_SCALE) / HYPOT_SCALE;
  }
  if (ay < HYPOT_TINY) {
    if (ax >= ay / HYPOT_EPS) return ax + ay;
    return hypotKernel(ax / HYPOT_SCALE, ay / HYPOT_SCALE) * HYPOT_SCALE;
  }
  if (ay <= ax * HYPOT_EPS) return ax + ay;
  return hypotKernel(ax, ay);
}

function copysign(mag: number, sign: number): number {
  const negative = sign < 0 || Object.is(sign, -0);
  return negative ? -Math.abs(mag) : Math.abs(mag);
}

/**
 * glibc `csqrt` for finite arguments (`s_csqrt_template.c`); returns `[re, im]`. The
 * rescaling branches for near-overflow/underflow inputs are kept so the result stays
 * glibc's, although filter design never reaches them.
 */
export function csqrt(re: number, im: number): [number, number] {
  if (!Number.isFinite(re) || !Number.isFinite(im)) {
    throw new RangeError(`csqrt(${re}, ${im}): non-finite input`);
  }
  if (im === 0) {
    if (re < 0) return [0, copysign(Math.sqrt(-re), im)];
    return [Math.abs(Math.sqrt(re)), copysign(0, im)];
  }
  if (re === 0) {
    const MIN = 2.2250738585072014e-308;
    const r = Math.abs(im) >= 2 * MIN ? Math.sqrt(0.5 * Math.abs(im)) : 0.5 * Math.sqrt(2 * Math.abs(im));
    return [r, copysign(r, im)];
  }
  const MAX = Number.MAX_VALUE;
  const MIN = 2.2250738585072014e-308;
  let scale = 0;
  if (Math.abs(re) > MAX / 4) {
    scale = 1;
    re *= 0.25;
    im *= 0.25;
  } else if (Math.abs(im) > MAX / 4) {
    scale = 1;
    re = Math.abs(re) >= 4 * MIN ? re * 0.25 : 0;
    im *= 0.25;
  } else if (Math.abs(re) < 2 * MIN && Math.abs(im) < 2 * MIN) {
    scale = -27; // -((53 + 1) / 2)
    re *= 2 ** 54;
    im *= 2 ** 54;
  }
  const d = hypot(re, im);
  let r: number;
  let s: number;
  if (re > 0) {
    r = Math.sqrt(0.5 * (d + re));
    if (scale === 1 && Math.abs(im) < 1) {
      s = im / r;
      r *= 2 ** scale;
      scale = 0;
    } else {
      s = 0.5 * (im / r);
    }
  } else {
    s = Math.sqrt(0.5 * (d - re));
    if (scale === 1 && Math.abs(im) < 1) {
      r = Math.abs(im / s);
      s *= 2 ** scale;
      scale = 0;
    } else {
      r = Math.abs(0.5 * (im / s));
    }
  }
  if (scale) {
    r *= 2 ** scale;
    s *= 2 ** scale;
  }
  return [r, copysign(s, im)];
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** A finite double as `mantissa * 2**exponent` with an integer mantissa. */
function decompose(x: number): { m: bigint; e: number } {
  F64[0] = x;
  const bits = U64[0];
  const sign = bits >> 63n ? -1n : 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (expBits === 0) return { m: sign * frac, e: -1074 };
  return { m: sign * (frac | 0x10000000000000n), e: expBits - 1075 };
}

function scaleByPow2(x: number, e: number): number {
  // two steps so that 2**e itself never under/overflows
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/** Rounds the exact value `s * 2**e` to the nearest double (ties to even). */
function roundExact(s: bigint, e: number): number {
  if (s === 0n) return 0;
  const negative = s < 0n;
  let mag = negative ? -s : s;
  let bitLength = mag.toString(2).length;
  // keep subnormal results on the 2^-1074 grid
  const minExp = -1074;
  let shift = Math.max(bitLength - 53, minExp - e);
  if (shift > 0) {
    const big = BigInt(shift);
    const q = mag >> big;
    const rem = mag - (q << big);
    const halfway = 1n << (big - 1n);
    let r = q;
    if (rem > halfway || (rem === halfway && (q & 1n) === 1n)) r = q + 1n;
    mag = r;
    e += shift;
    bitLength = mag.toString(2).length;
  } else {
    shift = 0;
  }
  const value = scaleByPow2(Number(mag), e);
  return negative ? -value : value;
}

/**
 * Exact fused multiply-add `a*b + c` with a single rounding, as the x86 `vfmadd`
 * instructions compute it (numpy's AVX-512 complex reduce loop is compiled with them).
 * Uses BigInt arithmetic: slow, meant for the handful of calls in filter design.
 */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  if (a === 0 || b === 0) return a * b + c;
  const da = decompose(a);
  const db = decompose(b);
  const dc = decompose(c);
  const pm = da.m * db.m;
  const pe = da.e + db.e;
  if (dc.m === 0n) return roundExact(pm, pe);
  const e = Math.min(pe, dc.e);
  const sum = (pm << BigInt(pe - e)) + (dc.m << BigInt(dc.e - e));
  if (sum === 0n) return a * b + c; // exact cancellation: keep IEEE's signed-zero rule
  return roundExact(sum, e);
}

/** Bits of a double as two uint32 words, for SVML's table constants. */
function fromWords(hi: number, lo: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setUint32(0, hi);
  b.setUint32(4, lo);
  return b.getFloat64(0);
}

// Constants of Intel SVML `__svml_tan8` (svml_z0_tan_d_la.s, `__svml_dtan_data_internal`),
// the kernel numpy 1.24 dispatches `np.tan` to on AVX-512 (AVX512_SKX) CPUs.
const SVML_TAN = {
  invPiBy16: fromWords(0x40145f30, 0x6dc9c883),
  shifter: 6755399441055744.0, // 1.5 * 2^52
  pi1: fromWords(0x3fc921fb, 0x54442d18),
  pi2: fromWords(0x3c61a626, 0x33145c06),
  pi3: fromWords(0x391c1cd1, 0x29024e09),
  c: [
    fromWords(0x3fd55555, 0x555555dc),
    fromWords(0x3fc11111, 0x110b0802),
    fromWords(0x3faba1ba, 0x489d25ca),
    fromWords(0x3f9664ab, 0x664efba9),
    fromWords(0x3f825ccc, 0xc7c9fa5d),
  ],
  // tan(k*pi/16), k = 0..15 (k = 8 stored as -DBL_MAX)
  th: [
    -0.0, 0.198912367379658, 0.41421356237309503, 0.6681786379192989, 1.0, 1.496605762665489, 2.414213562373095, 5.027339492125848,
    -1.7976931348623157e308, -5.027339492125848, -2.414213562373095, -1.496605762665489, -1.0, -0.6681786379192989, -0.41421356237309503,
    -0.198912367379658,
  ],
};

/**
 * `vrcp14pd` stand-in: the reciprocal rounded to 14 fraction bits. The hardware's exact
 * table is not public; with the Newton steps that follow, this reproduces numpy's
 * `np.tan` in ~99.7% of inputs (all mismatches seen were 1 ulp).
 */
function rcp14(d: number): number {
  const r = 1 / d;
  if (r === 0 || !Number.isFinite(r)) return r;
  const e = Math.floor(Math.log2(Math.abs(r)));
  // mantissa in [1, 2) scaled in two steps: 2**-e alone can overflow near DBL_MIN
  const m = scaleByPow2(r, -e);
  return scaleByPow2(Math.round(m * 16384) / 16384, e);
}

/**
 * numpy 1.24 `np.tan` on AVX-512 CPUs: Intel SVML's `__svml_tan8` main path (|x| < 128000)
 * replayed with exact FMAs: reduction by pi/16 with a 16-entry tan table, a degree-11
 * odd polynomial, and `(Th + P) / (1 − Th·P)` by a refined `vrcp14pd` reciprocal.
 */
export function svmlTan(x: number): number {
  const t = SVML_TAN;
  if (!(Math.abs(x) < 128000)) throw new RangeError(`svmlTan(${x}): only |x| < 128000 is supported`);
  const ns = fma(x, t.invPiBy16, t.shifter);
  const n = ns - t.shifter;
  let r = fma(-n, t.pi1, x);
  r = fma(-t.pi2, n, r);
  r = fma(-t.pi3, n, r);
  F64[0] = ns;
  const th = t.th[Number(U64[0] & 15n)];
  const r2 = r * r;
  let p = fma(t.c[4], r2, t.c[3]);
  p = fma(r2, p, t.c[2]);
  p = fma(r2, p, t.c[1]);
  p = fma(r2, p, t.c[0]);
  p = p * r;
  p = fma(r2, p, r);
  const num = p + th;
  const den = fma(-p, th, 1.0);
  const rc = rcp14(den);
  const e = fma(-den, rc, 1.0);
  const rc2 = fma(e, rc, rc);
  const q = num * rc2;
  const res = fma(q, den, -num);
  return fma(-rc2, res, q);
}
