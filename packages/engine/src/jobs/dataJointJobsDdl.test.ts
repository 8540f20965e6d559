import { isRecomputeError } from '@spyglass-recompute/errors';
import { dataJointErrorMessage, dataJointJobsDdl } from './dataJointJobsDdl';

// The schema name goes into DDL unquoted-safe only because DataJoint's names cannot hold a
// backtick: anything else is refused before any SQL is built.
describe('dataJointJobsDdl schema names', () => {
  it('accepts a prefixed DataJoint schema name', () => {
    expect(dataJointJobsDdl('lab_spikesorting_v1_recompute')).toContain('`lab_spikesorting_v1_recompute`.`~jobs`');
  });

  it.each(['', 'a`b', 'x; DROP TABLE y', 's'.repeat(65), 'with space'])(
    'refuses %j with JOBS_SCHEMA_INVALID (exit 2) naming it',
    (schema) => {
      let caught: unknown;
      try {
        dataJointJobsDdl(schema);
      } catch (error) {
        caught = error;
      }
      expect(isRecomputeError(caught)).toBe(true);
      expect(caught).toMatchObject({ code: 'JOBS_SCHEMA_INVALID', exitCode: 2, details: { schema } });
    },
  );
});

// DataJoint's `error_message` is varchar(2047): `f"{e.__class__.__name__}: {e}"`, cut with "...truncated" when longer.
describe('dataJointErrorMessage length', () => {
  it('keeps a message of exactly 2047 characters whole and cuts one of 2048 to 2047, ending "...truncated"', () => {
    const exact = new Error('x'.repeat(2047 - 'Error: '.length));
    expect(dataJointErrorMessage(exact)).toBe(`Error: ${exact.message}`);
    const over = dataJointErrorMessage(new Error('x'.repeat(2048 - 'Error: '.length)));
    expect([...over]).toHaveLength(2047);
    expect(over.endsWith('x...truncated')).toBe(true);
  });

  it('counts code points as Python does: a surrogate pair is one character', () => {
    const emoji = new Error('😀'.repeat(2047 - 'Error: '.length));
    expect(dataJointErrorMessage(emoji)).toBe(`Error: ${emoji.message}`);
  });
});
