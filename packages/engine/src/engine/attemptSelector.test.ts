import { isEmptySelector, selectsAttempt } from './attemptSelector';
import type { RecomputeRow } from './RecomputeStore';

/* Which attempts the CLI's --env-id / --rounding / --matched / --mismatched pick. */
const attempt = { recording: { name: 'aa1' }, envId: 'ann_default_00', params: { rounding: 4 } };
const result = (matched: boolean): RecomputeRow<{ name: string }> => ({
  ...attempt,
  matched,
  errMsg: null,
  createdAt: null,
  deleted: false,
});

describe('isEmptySelector', () => {
  it('is true only when no field restricts anything', () => {
    expect(isEmptySelector(undefined)).toBe(true);
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ params: {} })).toBe(true);
    expect(isEmptySelector({ envId: 'x' })).toBe(false);
    expect(isEmptySelector({ result: 'matched' })).toBe(false);
    expect(isEmptySelector({ params: { rounding: 4 } })).toBe(false);
  });
});

describe('selectsAttempt', () => {
  it('every field left out matches anything', () => {
    expect(selectsAttempt(undefined, attempt, undefined)).toBe(true);
    expect(selectsAttempt({}, attempt, undefined)).toBe(true);
  });

  it('environment and parameters must be equal; other parameters are free', () => {
    expect(selectsAttempt({ envId: 'ann_default_00' }, attempt, undefined)).toBe(true);
    expect(selectsAttempt({ envId: 'bob_default_00' }, attempt, undefined)).toBe(false);
    expect(selectsAttempt({ params: { rounding: 4 } }, { ...attempt, params: { rounding: 4, other: 1 } }, undefined)).toBe(true);
    expect(selectsAttempt({ params: { rounding: 6 } }, attempt, undefined)).toBe(false);
    expect(selectsAttempt({ params: { rounding: 4, other: 1 } }, attempt, undefined)).toBe(false);
  });

  it('matched needs a matched result; mismatched a result that did not match; pending has neither', () => {
    expect(selectsAttempt({ result: 'matched' }, attempt, result(true))).toBe(true);
    expect(selectsAttempt({ result: 'matched' }, attempt, result(false))).toBe(false);
    expect(selectsAttempt({ result: 'matched' }, attempt, undefined)).toBe(false);
    expect(selectsAttempt({ result: 'mismatched' }, attempt, result(false))).toBe(true);
    expect(selectsAttempt({ result: 'mismatched' }, attempt, result(true))).toBe(false);
    expect(selectsAttempt({ result: 'mismatched' }, attempt, undefined)).toBe(false);
    expect(selectsAttempt({ envId: 'bob_default_00', result: 'matched' }, attempt, result(true))).toBe(false);
  });
});
