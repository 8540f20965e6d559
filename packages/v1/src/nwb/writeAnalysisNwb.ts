import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RecomputeError } from '@spyglass-recompute/errors';
import { analysisNwbErrors } from './analysisNwbErrors';
import { commonErrors } from '@spyglass-recompute/common';
import { loadH5wasm, temporarySibling, type H5File, type H5Wasm } from '@spyglass-recompute/nwb';
import { v1WriterProfile } from '../profiles/v1WriterProfiles';
import type { CachedSpecifications, V1WriterProfile } from '../profiles/V1WriterProfile';
import { copyKeptObjects } from './copyKeptObjects';
import type { EnumPlaceholder } from './enumPlaceholder';
import { collectObjectAddresses, finishAnalysisFile } from './finishAnalysisFile';
import {
  writeProcessedElectricalSeries,
  type ProcessedElectricalSeriesInput,
  type ProcessedElectricalSeriesLayout,
} from './writeProcessedElectricalSeries';

/** Object ids of the analysis file; each one missing gets a new random uuid4. */
export interface AnalysisNwbObjectIds {
  /** Root `object_id` (Spyglass always draws a new one). */
  file?: string;
  /** `object_id` of the ElectricalSeries group. */
  series?: string;
  /** `object_id` of its `electrodes` DynamicTableRegion. */
  electrodes?: string;
}

/** Options of {@link writeAnalysisNwb}. */
export interface WriteAnalysisNwbOptions {
  /** The raw NWB file the analysis file is derived from. */
  rawPath: string;
  /** Final path of the analysis file (written to a temporary sibling, then renamed). */
  outputPath: string;
  /** The series; `description` defaults to Spyglass's text naming the raw file. */
  series: Omit<ProcessedElectricalSeriesInput, 'seriesObjectId' | 'electrodesObjectId' | 'description'> & { description?: string };
  objectIds?: AnalysisNwbObjectIds;
  /**
   * The writer to reproduce: cached namespaces, `nwb_version`, chunking, kept objects and
   * `source_script` text. @default the `pynwb-2.3` profile
   */
  profile?: V1WriterProfile;
  /**
   * New content of `general/source_script` (Spyglass writes its version there; the hasher
   * ignores the content). @default the profile's `sourceScript`
   */
  sourceScript?: string;
  /** Replace an existing file at `outputPath`. @default false */
  overwrite?: boolean;
  /** uuid4 source for missing object ids. @default crypto.randomUUID */
  randomUuid?: () => string;
}

/** What was written. */
export interface WriteAnalysisNwbResult extends ProcessedElectricalSeriesLayout {
  outputPath: string;
  objectIds: Required<AnalysisNwbObjectIds>;
}

const SOURCE_SCRIPT = '/general/source_script';

type Group = InstanceType<H5Wasm['Group']>;

/**
 * Writes the profile's cached namespaces under `/specifications/{name}/{version}/{document}`
 * as hdmf does (scalar variable-length UTF-8 strings), creating `/specifications` and the
 * root `.specloc` reference when the raw file had neither.
 */
function writeCachedSpecifications(h5: H5Wasm, dst: H5File, specifications: CachedSpecifications): void {
  let root = dst.get('/specifications');
  if (root === null) {
    root = dst.create_group('specifications');
    dst.create_attribute('.specloc', (root as Group).create_reference(), [], 'Reference');
  }
  if (!(root instanceof h5.Group)) throw analysisNwbErrors.notAGroup('/specifications');
  for (const [name, { version, documents }] of Object.entries(specifications)) {
    const namespace = root.get(name) ?? root.create_group(name);
    if (!(namespace instanceof h5.Group)) throw analysisNwbErrors.notAGroup(`/specifications/${name}`);
    const group = namespace.create_group(version);
    for (const [document, text] of Object.entries(documents)) group.create_dataset({ name: document, data: text, shape: [], dtype: 'S' });
  }
}

function asRecomputeError(err: unknown, outputPath: string): RecomputeError {
  if (err instanceof RecomputeError) return err;
  return analysisNwbErrors.writeFailed(outputPath, err);
}

/**
 * Writes the v1 analysis NWB file Spyglass makes for a spike-sorting recording: a copy of the
 * raw file reduced as by `AnalysisNwbfile.create` (kept containers and their object ids,
 * emptied acquisition/analysis/processing/stimulus, `units` as the profile's Spyglass release
 * decides, the profile's cached namespaces in `/specifications` (a raw file's extension
 * namespaces copied), new root `object_id`, overwritten `general/source_script`) plus
 * `acquisition/ProcessedElectricalSeries`. The file appears at `outputPath` only when complete.
 */
export async function writeAnalysisNwb(options: WriteAnalysisNwbOptions): Promise<WriteAnalysisNwbResult> {
  const { rawPath, outputPath } = options;
  const randomUuid = options.randomUuid ?? (() => crypto.randomUUID());
  const profile = options.profile ?? v1WriterProfile();
  const sourceScript = options.sourceScript ?? profile.sourceScript;
  if (!fs.existsSync(rawPath)) throw commonErrors.rawFileNotFound(rawPath);
  if (!options.overwrite && fs.existsSync(outputPath)) {
    throw analysisNwbErrors.outputExists(outputPath);
  }
  const objectIds = {
    file: options.objectIds?.file ?? randomUuid(),
    series: options.objectIds?.series ?? randomUuid(),
    electrodes: options.objectIds?.electrodes ?? randomUuid(),
  };
  const dir = path.dirname(outputPath);
  fs.mkdirSync(dir, { recursive: true });
  const tmpPath = temporarySibling(outputPath, 'tmp');

  const h5 = await loadH5wasm();
  try {
    let layout: ProcessedElectricalSeriesLayout;
    let enumPlaceholders: EnumPlaceholder[];
    let addresses: Map<string, number>;
    const seriesName = options.series.name ?? 'ProcessedElectricalSeries';
    const src: H5File = new h5.File(rawPath, 'r');
    try {
      const dst: H5File = new h5.File(tmpPath, 'w');
      try {
        const hasSourceScript = src.get(SOURCE_SCRIPT) !== null;
        const specifications = profile.specifications();
        ({ enumPlaceholders } = copyKeptObjects(h5, src, dst, {
          skipRootAttributes: ['object_id'],
          overrideDatasetValues: new Map([[SOURCE_SCRIPT, sourceScript]]),
          overrideRootAttributes: new Map([['nwb_version', profile.nwbVersion]]),
          keep: { keepUnits: profile.keepUnits, replacedNamespaces: Object.keys(specifications) },
        }));
        writeCachedSpecifications(h5, dst, specifications);
        if (!hasSourceScript) {
          // pynwb writes the field Spyglass sets when the raw file had none.
          const general = dst.get('/general');
          if (general instanceof h5.Group) general.create_dataset({ name: 'source_script', data: sourceScript, shape: [], dtype: 'S' });
        }
        dst.create_attribute('object_id', objectIds.file, [], 'S');
        const acquisition = dst.get('/acquisition') ?? dst.create_group('acquisition');
        if (!(acquisition instanceof h5.Group)) throw analysisNwbErrors.notAGroup(`/acquisition in ${tmpPath}`);
        layout = await writeProcessedElectricalSeries(h5, acquisition, {
          ...options.series,
          name: seriesName,
          description: options.series.description ?? `Referenced and filtered recording from ${path.basename(rawPath)} for spike sorting`,
          seriesObjectId: objectIds.series,
          electrodesObjectId: objectIds.electrodes,
          bufferGb: profile.bufferGb,
          chunkMb: profile.hdmfChunkMb,
        });
        addresses = collectObjectAddresses(h5, dst);
      } finally {
        dst.close();
      }
    } finally {
      src.close();
    }
    finishAnalysisFile(tmpPath, addresses, {
      enumPlaceholders,
      iteratorDatasets: [`/acquisition/${seriesName}/data`, `/acquisition/${seriesName}/timestamps`],
    });
    publish(tmpPath, outputPath, options.overwrite === true);
    return { outputPath, objectIds, ...layout };
  } catch (err) {
    fs.rmSync(tmpPath, { force: true });
    throw asRecomputeError(err, outputPath);
  }
}

/**
 * Gives the finished temporary file its final name. Without `overwrite` a file that appeared
 * there meanwhile is never replaced (a hard link fails with EEXIST where rename would clobber);
 * file systems without hard links fall back to rename.
 */
function publish(tmpPath: string, outputPath: string, overwrite: boolean): void {
  if (overwrite) {
    fs.renameSync(tmpPath, outputPath);
    return;
  }
  try {
    fs.linkSync(tmpPath, outputPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw analysisNwbErrors.outputAppeared(outputPath);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    fs.renameSync(tmpPath, outputPath);
    return;
  }
  fs.rmSync(tmpPath, { force: true });
}
