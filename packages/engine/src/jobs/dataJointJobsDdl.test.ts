import { isRecomputeError } from '@spyglass-recompute/errors';
import { dataJointJobsDdl } from './dataJointJobsDdl';

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
