/**
 * numpy 1.24 complex128 arithmetic, written out so each operation rounds exactly as
 * numpy's loops do (no FMA; division by Smith's method with a reciprocal `scl`, as in
 * `loops.c.src` `@TYPE@_divide`). Complex values are `[re, im]` pairs.
 */
export type Complex = readonly [number, number];

/** `a + b`. */
export function cadd(a: Complex, b: Complex): Complex {
  return [a[0] + b[0], a[1] + b[1]];
}

/** `a - b`. */
export function csub(a: Complex, b: Complex): Complex {
  return [a[0] - b[0], a[1] - b[1]];
}

/** `a * b` as numpy computes it: `(ar*br - ai*bi, ar*bi + ai*br)`. */
export function cmul(a: Complex, b: Complex): Complex {
  return [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
}

/** `a / b` with numpy's Smith division. */
export function cdiv(a: Complex, b: Complex): Complex {
  const [ar, ai] = a;
  const [br, bi] = b;
  const brAbs = Math.abs(br);
  const biAbs = Math.abs(bi);
  if (brAbs >= biAbs) {
    if (brAbs === 0 && biAbs === 0) return [ar / brAbs, ai / brAbs];
    const rat = bi / br;
    const scl = 1.0 / (br + bi * rat);
    return [(ar + ai * rat) * scl, (ai - ar * rat) * scl];
  }
  const rat = br / bi;
  const scl = 1.0 / (bi + br * rat);
  return [(ar * rat + ai) * scl, (ai * rat - ar) * scl];
}

/** Complex conjugate. */
export function conj(a: Complex): Complex {
  return [a[0], -a[1]];
}

/** A real number promoted to complex the way numpy's type promotion does it. */
export function real(x: number): Complex {
  return [x, 0];
}

/**
 * `a * b` as numpy 1.24's AVX-512 dispatched scalar loop computes it (used for
 * reductions such as `np.prod` and array-by-scalar products): contracted into FMAs,
 * `re = fma(ar, br, -(ai*bi))`, `im = fma(ar, bi, ai*br)`.
 */
export function cmulFma(a: Complex, b: Complex, fmaFn: (x: number, y: number, z: number) => number): Complex {
  return [fmaFn(a[0], b[0], -(a[1] * b[1])), fmaFn(a[0], b[1], a[1] * b[0])];
}
