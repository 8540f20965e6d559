import { preprocessingErrors } from '../preprocessingErrors';
import { cos, csqrt, fma, hypot, powInt, sin, svmlTan, tan } from './libm';
import { cadd, cdiv, cmul, cmulFma, conj, csub, real } from './numpyComplex';
import type { Complex } from './numpyComplex';

/** Options of {@link designButterBandpass}. */
export interface ButterBandpassOptions {
  /** Low cut-off in Hz. @default 300 */
  frequencyMin?: number;
  /** High cut-off in Hz; must be below the Nyquist frequency. @default 6000 */
  frequencyMax?: number;
  /** Butterworth order (number of second-order sections = order). @default 5 */
  order?: number;
  /**
   * CPU class of the machine whose numpy made the reference recording: numpy 1.24 picks
   * different kernels at run time. `'avx512'` (the fixture machine): `np.tan` is Intel
   * SVML's and `np.prod` of complex values is FMA-contracted. `'baseline'`: glibc's
   * (correctly rounded) tan and plain complex products. @default 'avx512'
   */
  platform?: 'avx512' | 'baseline';
}

const EPS = 2.220446049250313e-16;

/**
 * Digital Butterworth band-pass as second-order sections, bit-identical to scipy 1.10.1
 * `iirfilter(order, [fmin, fmax], fs=fs, btype='bandpass', ftype='butter', output='sos')`
 * on numpy 1.24 / glibc 2.36: buttap → pre-warp → lp2bp_zpk → bilinear_zpk → zpk2sos
 * (pairing 'nearest'), replaying numpy's complex arithmetic operation by operation.
 *
 * @returns `order` rows of `[b0, b1, b2, 1, a1, a2]`, flattened row-major (length 6·order).
 */
export function designButterBandpass(samplingFrequency: number, options: ButterBandpassOptions = {}): Float64Array {
  const { frequencyMin = 300, frequencyMax = 6000, order = 5, platform = 'avx512' } = options;
  if (!(samplingFrequency > 0) || !Number.isFinite(samplingFrequency)) {
    throw preprocessingErrors.samplingFrequencyInvalid(samplingFrequency);
  }
  if (!(frequencyMin > 0) || !(frequencyMin < frequencyMax)) {
    throw preprocessingErrors.filterFrequenciesInvalid(frequencyMin, frequencyMax);
  }
  if (!Number.isInteger(order) || order < 1 || order > 20) {
    throw preprocessingErrors.filterOrderInvalid(order);
  }
  // scipy: Wn = 2*Wn/fs, then requires 0 < Wn < 1
  const wn = [(2 * frequencyMin) / samplingFrequency, (2 * frequencyMax) / samplingFrequency];
  if (wn[1] >= 1) {
    throw preprocessingErrors.frequencyAboveNyquist(frequencyMax, samplingFrequency);
  }
  // Pre-warp with fs = 2: warped = 2*fs*tan(pi*Wn/fs)
  const tanFn = platform === 'avx512' ? svmlTan : tan;
  const warped = wn.map((w) => 4.0 * tanFn((Math.PI * w) / 2.0));
  const bw = warped[1] - warped[0];
  const wo = Math.sqrt(warped[0] * warped[1]);

  const protoPoles = buttapPoles(order);
  const { poles, gain } = lp2bpPoles(protoPoles, wo, bw);
  const digital = bilinear(poles, order, gain, platform === 'avx512');
  return zpk2sosNearest(digital.zeros, digital.poles, digital.gain);
}

/** buttap: p = -exp(1j*pi*m/(2N)), m = -N+1, -N+3, ..., N-1. */
function buttapPoles(order: number): Complex[] {
  const poles: Complex[] = [];
  const jpi: Complex = [0, Math.PI]; // Python: 1j * pi
  const twoN = real(2 * order);
  for (let m = -order + 1; m < order; m += 2) {
    const arg = cdiv(cmul(jpi, real(m)), twoN);
    // glibc cexp: exp(re) * (cos(im) + i sin(im)); re is ±0 here so exp(re) = 1
    const e = Math.exp(arg[0]);
    poles.push([-(e * cos(arg[1])), -(e * sin(arg[1]))]);
  }
  return poles;
}

/** lp2bp_zpk for a zero-free prototype with gain 1: 2N poles, N zeros at the origin. */
function lp2bpPoles(p: Complex[], wo: number, bw: number): { poles: Complex[]; gain: number } {
  const degree = p.length;
  const pLp = p.map((x) => cdiv(cmul(x, real(bw)), real(2)));
  const wo2 = wo * wo; // Python float wo**2: glibc pow(x, 2) is exact-rounded x*x
  const roots = pLp.map((x) => {
    const sq = cmul(x, x); // numpy fast path: x**2 -> square
    return csqrt(...(csub(sq, real(wo2)) as [number, number]));
  });
  const poles = [...pLp.map((x, i) => cadd(x, roots[i])), ...pLp.map((x, i) => csub(x, roots[i]))];
  return { poles, gain: 1 * powInt(bw, degree) };
}

/** bilinear_zpk with fs = 2 for `nZeros` zeros at the origin. */
function bilinear(p: Complex[], nZeros: number, k: number, fmaProduct: boolean): { zeros: Complex[]; poles: Complex[]; gain: number } {
  const mul = (a: Complex, b: Complex): Complex => (fmaProduct ? cmulFma(a, b, fma) : cmul(a, b));
  const fs2 = real(4.0);
  const zOrigin: Complex = [0, 0];
  const zeros: Complex[] = [];
  for (let i = 0; i < nZeros; i++) zeros.push(cdiv(cadd(fs2, zOrigin), csub(fs2, zOrigin)));
  const degree = p.length - nZeros;
  for (let i = 0; i < degree; i++) zeros.push([-1, -0]);
  const poles = p.map((x) => cdiv(cadd(fs2, x), csub(fs2, x)));
  // np.prod: a sequential reduce (FMA-contracted on AVX-512 builds, see cmulFma)
  let numProd: Complex = csub(fs2, zOrigin);
  for (let i = 1; i < nZeros; i++) numProd = mul(numProd, csub(fs2, zOrigin));
  let denProd: Complex = csub(fs2, p[0]);
  for (let i = 1; i < p.length; i++) denProd = mul(denProd, csub(fs2, p[i]));
  const gain = k * cdiv(numProd, denProd)[0];
  return { zeros, poles, gain };
}

function cabs(x: Complex): number {
  return hypot(x[0], x[1]);
}

function isReal(x: Complex): boolean {
  return x[1] === 0;
}

/** _cplxreal: conjugate-pair averages (positive imaginary part) sorted by real part, then reals. */
function cplxreal(z: Complex[]): { complex: Complex[]; reals: number[] } {
  const tol = 100 * EPS;
  const sorted = z
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v[0] - b.v[0] || Math.abs(a.v[1]) - Math.abs(b.v[1]) || a.i - b.i)
    .map((e) => e.v);
  const isRealIdx = sorted.map((v) => Math.abs(v[1]) <= tol * cabs(v));
  const reals = sorted.filter((_, i) => isRealIdx[i]).map((v) => v[0]);
  const rest = sorted.filter((_, i) => !isRealIdx[i]);
  const zp = rest.filter((v) => v[1] > 0);
  const zn = rest.filter((v) => v[1] < 0);
  if (zp.length !== zn.length) {
    throw preprocessingErrors.filterDesignFailed('filter design produced a complex value with no matching conjugate');
  }
  // runs of (nearly) equal real parts are re-sorted by |imag|
  const sameReal = zp.slice(1).map((v, i) => v[0] - zp[i][0] <= tol * cabs(zp[i]));
  let i = 0;
  while (i < sameReal.length) {
    if (!sameReal[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < sameReal.length && sameReal[j]) j++;
    for (const chunk of [zp, zn]) {
      const part = chunk.slice(i, j + 1).sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]));
      chunk.splice(i, part.length, ...part);
    }
    i = j;
  }
  const complex = zp.map((v, k) => cdiv(cadd(v, conj(zn[k])), real(2)));
  return { complex, reals };
}

function argmin(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/** _nearest_real_complex_idx: stable argsort of |fro - to| filtered by realness. */
function nearestIdx(fro: Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = fro
    .map((v, i) => ({ d: cabs(csub(v, to)), i }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((e) => e.i);
  if (which === 'any') return order[0];
  const found = order.find((i) => (which === 'real' ? isReal(fro[i]) : !isReal(fro[i])));
  if (found === undefined) throw preprocessingErrors.filterDesignFailed(`no ${which} zero left to pair`);
  return found;
}

/** np.poly of two roots, then `.real` when they are conjugates (numpy's convolve/dot order). */
function quadratic(r1: Complex, r2: Complex): [number, number, number] {
  // convolve([1, -r1], [1, -r2]) -> [1, (-r2) + (-r1), (-r1)*(-r2)]
  const n1: Complex = [-r1[0], -r1[1]];
  const n2: Complex = [-r2[0], -r2[1]];
  const mid = cadd(n2, n1);
  const last = cmul(n1, n2);
  return [1, mid[0], last[0]];
}

function linear(r: Complex): [number, number] {
  return [1, -r[0]];
}

/** zpk2sos with pairing 'nearest' (digital). */
function zpk2sosNearest(zIn: Complex[], pIn: Complex[], k: number): Float64Array {
  let z = [...zIn];
  let p = [...pIn];
  while (p.length < z.length) p.push([0, 0]);
  while (z.length < p.length) z.push([0, 0]);
  const nSections = (Math.max(p.length, z.length) + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push([0, 0]);
    z.push([0, 0]);
  }
  const zs = cplxreal(z);
  const ps = cplxreal(p);
  z = [...zs.complex, ...zs.reals.map((x) => real(x))];
  p = [...ps.complex, ...ps.reals.map((x) => real(x))];
  const idxWorst = (arr: Complex[]): number => argmin(arr.map((x) => Math.abs(1 - cabs(x))));
  const sos = new Float64Array(nSections * 6);
  const put = (si: number, b: number[], a: number[]): void => {
    sos.set(b, si * 6 + 3 - b.length);
    sos.set(a, si * 6 + 6 - a.length);
  };
  const take = (arr: Complex[], idx: number): Complex => arr.splice(idx, 1)[0];
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    const realPoles = p.filter(isReal).length;
    if (isReal(p1) && realPoles === 0) {
      const z1 = take(z, nearestIdx(z, p1, 'real'));
      put(si, quadratic(z1, [0, 0]), quadratic(p1, [0, 0]));
    } else if (p.length + 1 === z.length && !isReal(p1) && realPoles === 1 && z.filter(isReal).length === 1) {
      const z1 = take(z, nearestIdx(z, p1, 'complex'));
      put(si, quadratic(z1, conj(z1)), quadratic(p1, conj(p1)));
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((x, i) => (isReal(x) ? i : -1)).filter((i) => i >= 0);
        const p2Idx = realIdx[idxWorst(realIdx.map((i) => p[i]))];
        p2 = take(p, p2Idx);
      } else {
        p2 = conj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) {
          put(si, quadratic(z1, conj(z1)), quadratic(p1, p2));
        } else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, 'real'));
          put(si, quadratic(z1, z2), quadratic(p1, p2));
        } else {
          put(si, linear(z1), quadratic(p1, p2));
        }
      } else {
        put(si, [1], quadratic(p1, p2));
      }
    }
  }
  sos[0] *= k;
  sos[1] *= k;
  sos[2] *= k;
  return sos;
}
