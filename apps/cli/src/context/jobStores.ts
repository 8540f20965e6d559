import {
  DataJointJobStore,
  JobReserver,
  MikroOrmJobStore,
  createDataJointJobs,
  type JobRow,
  type RecomputeModule,
  type RecomputeModuleContext,
  type RecordingKey,
} from '@spyglass-recompute/engine';
import { cliErrors } from '../cliErrors';
import { spyglassSchemaPrefixOf } from '@spyglass-recompute/schema';

type JobsContext = Pick<RecomputeModuleContext, 'em'>;

/**
 * Where this pipeline's DataJoint `~jobs` reservations live in the Spyglass layout: the mapped schema
 * and table of its RecordingRecompute entity (one source of truth: the Spyglass entity mapping);
 * null in the own layout.
 */
function dataJointJobsTarget(module: RecomputeModule<RecordingKey>, context: JobsContext) {
  if (spyglassSchemaPrefixOf(context.em) === null) return null;
  const meta = context.em.getMetadata().find(module.recomputeEntityName);
  if (!meta?.schema) {
    throw cliErrors.jobsTableUnmapped(module.recomputeEntityName);
  }
  const connection = context.em.getConnection();
  return {
    options: {
      query: async (sql: string, params?: unknown[]) => {
        const rows: unknown = await connection.execute(sql, params ?? [], 'all');
        return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
      },
      schema: meta.schema,
      uuidFields: module.uuidKeyFields ?? [],
    },
    tableName: meta.tableName,
  };
}

/**
 * The job reserver `run --reserve-jobs` uses: in the own layout our lease table; in the Spyglass
 * layout DataJoint's `~jobs` table of the pipeline's recompute schema, so Python workers running
 * `RecordingRecompute.populate(reserve_jobs=True)` and ours never work on the same key.
 */
export function jobReserverFor(module: RecomputeModule<RecordingKey>, context: JobsContext): JobReserver {
  const target = dataJointJobsTarget(module, context);
  if (target === null) return new JobReserver(new MikroOrmJobStore(context.em), { tableName: module.jobTableName });
  return createDataJointJobs({ ...target.options, tableName: target.tableName }).reserver;
}

/** The jobs rows `status` reports, read-only in both layouts (a missing `~jobs` table means none). */
export async function listJobRows(module: RecomputeModule<RecordingKey>, context: JobsContext): Promise<JobRow[]> {
  const target = dataJointJobsTarget(module, context);
  if (target === null) return new MikroOrmJobStore(context.em).list(module.jobTableName);
  return new DataJointJobStore(target.options).listIfPresent(target.tableName);
}
