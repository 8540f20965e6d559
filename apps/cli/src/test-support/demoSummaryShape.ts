import type { JsonShape } from './jsonShape';

/** What `demo --json` prints for each pipeline. */
const demoPipelineShape: JsonShape = {
  recordings: 'integer',
  bytesCreated: 'integer',
  matched: 'integer',
  bytesFreed: 'integer',
  fetched: { key: 'string', path: 'string', regenerated: 'boolean', hash: 'string|null', storedHash: 'string' },
};

/**
 * The contract (cli.md) of the `demo --json` document. Its row in contract.test.ts names this
 * shape; demo.test.ts, whose demo run it is, checks the document against it (a demo is a whole
 * life cycle of both pipelines: the contract does not run a second one).
 */
export const demoSummaryShape: JsonShape = {
  dir: 'string',
  bytesOnDisk: 'integer',
  database: 'string',
  rawFile: 'string',
  rawSamples: 'integer',
  channels: 'integer',
  validTimePieces: 'integer',
  environment: 'string',
  v1: demoPipelineShape,
  v0: demoPipelineShape,
  bytesFreed: 'integer',
  timingsSeconds: { '*': 'number' },
};
