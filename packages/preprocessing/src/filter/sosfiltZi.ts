/**
 * scipy 1.10.1 `sosfilt_zi(sos)`: per-section steady-state initial conditions, scaled by
 * the DC gain of the preceding sections. Each section's `lfilter_zi` solves the 2×2 system
 * `[[1+a1, -1], [a2, 1]] · zi = [b1 - a1·b0, b2 - a2·b0]` with `np.linalg.solve`, i.e.
 * LAPACK `dgesv` (OpenBLAS on the reference platform). Its arithmetic is replayed here:
 * partial pivoting on the first column, the multiplier formed with the pivot's reciprocal
 * (`dgetf2` scales the column by `1/pivot`), triangular solves by division.
 *
 * @param sos `nSections` rows of `[b0, b1, b2, a0, a1, a2]` (a0 must be 1), row-major.
 * @returns `nSections` rows of `[zi0, zi1]`, row-major.
 */
export function sosfiltZi(sos: Float64Array): Float64Array {
  const nSections = sos.length / 6;
  const zi = new Float64Array(nSections * 2);
  let scale = 1.0;
  for (let s = 0; s < nSections; s++) {
    const b0 = sos[s * 6];
    const b1 = sos[s * 6 + 1];
    const b2 = sos[s * 6 + 2];
    const a0 = sos[s * 6 + 3];
    const a1 = sos[s * 6 + 4];
    const a2 = sos[s * 6 + 5];
    if (a0 !== 1.0) throw new RangeError(`sosfiltZi: section ${s} has a0 = ${a0}, expected 1`);
    const [z0, z1] = lfilterZi2(b0, b1, b2, a1, a2);
    zi[s * 2] = scale * z0;
    zi[s * 2 + 1] = scale * z1;
    scale *= (b0 + b1 + b2) / (a0 + a1 + a2);
  }
  return zi;
}

function lfilterZi2(b0: number, b1: number, b2: number, a1: number, a2: number): [number, number] {
  const m00 = 1.0 + a1;
  const m01 = -1.0;
  const m10 = a2;
  const m11 = 1.0;
  const r0 = b1 - a1 * b0;
  const r1 = b2 - a2 * b0;
  if (Math.abs(m00) >= Math.abs(m10)) {
    const l = m10 * (1.0 / m00);
    const u11 = m11 - l * m01;
    const y1 = r1 - l * r0;
    const x1 = y1 / u11;
    const x0 = (r0 - m01 * x1) / m00;
    return [x0, x1];
  }
  // rows swapped: pivot row is [a2, 1 | r1]
  const l = m00 * (1.0 / m10);
  const u11 = m01 - l * m11;
  const y1 = r0 - l * r1;
  const x1 = y1 / u11;
  const x0 = (r1 - m11 * x1) / m10;
  return [x0, x1];
}
