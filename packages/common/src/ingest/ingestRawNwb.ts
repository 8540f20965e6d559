import { existsSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  Electrode,
  ElectrodeGroup,
  IntervalList,
  LabTeam,
  Nwbfile,
  Probe,
  ProbeType,
  Session,
  type ValidTimes,
} from '@spyglass-recompute/schema';
import { ensureDefaultPreprocessingParams } from '../params/preprocessingParams';
import { planDefaultSortGroups, type SortGroupMode, type SortGroupPlan } from '../sort-groups/planDefaultSortGroups';
import { insertSortGroups } from '../sort-groups/sortGroupTables';
import { commonErrors } from './commonErrors';
import { assertSafePathComponent } from '@spyglass-recompute/nwb';
import { fileDifference } from './fileFingerprint';
import { insertInBatches } from './insertInBatches';
import { placeRawFile } from './placeRawFile';
import type { RawNwbDevice, RawNwbMetadata } from './RawNwbMetadata';
import { readRawNwbMetadata } from './readRawNwbMetadata';

/** Interval list every ingested file gets (Spyglass's name). */
export const RAW_VALID_TIMES_INTERVAL = 'raw data valid times';
/** Team registered when `ingestRawNwb` is given none. */
export const DEFAULT_TEAM_NAME = 'default';

/** Arguments of {@link ingestRawNwb}. */
export interface IngestRawNwbOptions {
  /** The raw NWB file; copied into `roots.raw` unless it already lies inside it. */
  rawPath: string;
  roots: { raw: string };
  /** LabTeam to make sure exists. @default {@link DEFAULT_TEAM_NAME} */
  team?: string;
  /** Default sort groups: one per electrode group, or one per shank. @default 'group' */
  sortGroups?: SortGroupMode;
}

/** What {@link ingestRawNwb} registered. */
export interface IngestSummary {
  alreadyIngested: false;
  nwbFileName: string;
  nwbFileAbsPath: string;
  /** True when the file was copied into the raw root. */
  copied: boolean;
  team: string;
  session: { sessionId: string | null; description: string; startTime: string | null };
  seriesName: string;
  numSamples: number;
  numChannels: number;
  /** The ingest sampling rate (series `rate` or Spyglass's estimate; not the filtering rate). */
  samplingRate: number;
  probes: string[];
  electrodeGroups: string[];
  electrodeCount: number;
  validTimes: ValidTimes;
  /** The default sort groups, written identically to the v0 and v1 tables. */
  sortGroups: SortGroupPlan[];
  warnings: string[];
}

/** Result of re-ingesting a file already registered with identical content. */
export interface AlreadyIngested {
  alreadyIngested: true;
  nwbFileName: string;
  nwbFileAbsPath: string;
}

/**
 * Registers a raw NWB file as Spyglass does on insert: `Nwbfile`, `Session`, `LabTeam`,
 * `ProbeType`/`Probe` (from the devices the electrode groups link), `ElectrodeGroup`,
 * `Electrode`, the "raw data valid times" `IntervalList`, the `default` preprocessing
 * parameters of v0 and v1, and default sort groups in both pipelines' tables — all in one
 * transaction. The file is validated before anything is copied or written.
 *
 * Re-ingesting a byte-identical file is a no-op (`{alreadyIngested: true}`).
 *
 * @throws RecomputeError `RAW_FILE_NOT_FOUND`, `NOT_HDF5`, `NWB_NOT_NWB`,
 *   `RAW_NOT_ELECTRICAL_SERIES`, `RAW_TIMESTAMPS_MISSING`, `NWB_NO_ELECTRODES`,
 *   `UNSAFE_NAME`, `NWB_NAME_TOO_LONG`, `NWB_NAME_CONFLICT` (another file already has this name),
 *   `DATA_ROOT_UNAVAILABLE`, `RAW_COPY_FAILED`.
 */
export async function ingestRawNwb(em: EntityManager, options: IngestRawNwbOptions): Promise<IngestSummary | AlreadyIngested> {
  const rawPath = path.resolve(options.rawPath);
  const nwbFileName = path.basename(rawPath);
  if (!existsSync(rawPath)) throw commonErrors.rawFileNotFound(rawPath);
  assertSafePathComponent(nwbFileName, { flag: 'RAW', what: 'raw NWB file name (it becomes the file name in the raw root)' });
  if (nwbFileName.length > 64) throw commonErrors.nwbFileNameTooLong(nwbFileName);
  const registered = await em.fork().findOne(Nwbfile, { nwb_file_name: nwbFileName });
  if (registered) {
    const registeredPath = registered.nwb_file_abs_path;
    if (!existsSync(registeredPath))
      throw commonErrors.nameConflict(
        nwbFileName,
        registeredPath,
        rawPath,
        'the registered file is missing, so the two cannot be compared',
      );
    const difference = realpathSync(registeredPath) === realpathSync(rawPath) ? undefined : await fileDifference(rawPath, registeredPath);
    if (difference !== undefined) throw commonErrors.nameConflict(nwbFileName, registeredPath, rawPath, difference);
    return { alreadyIngested: true, nwbFileName, nwbFileAbsPath: registeredPath };
  }

  // Validate (and read) the whole file before anything is copied or written.
  const metadata = await readRawNwbMetadata(rawPath);

  const placed = await placeRawFile(rawPath, options.roots.raw);
  const team = options.team ?? DEFAULT_TEAM_NAME;
  const plan = planDefaultSortGroups(
    metadata.electrodes.map((e) => ({
      electrodeGroupName: e.groupName,
      electrodeId: e.electrodeId,
      probeShank: e.probeShank,
      badChannel: e.badChannel,
      originalReferenceElectrode: e.originalReferenceElectrode,
    })),
    options.sortGroups ?? 'group',
  );
  let probes: string[];
  try {
    probes = await em.fork().transactional(async (tx) => {
      const written = await writeIngestRows(tx, nwbFileName, placed.absPath, team, metadata);
      const groups = plan.groups.map((g) => ({
        nwbFileName,
        sortGroupId: g.sortGroupId,
        referenceId: g.referenceId,
        electrodes: g.electrodeIds.map((electrodeId) => ({ electrodeGroupName: g.electrodeGroupName, electrodeId })),
      }));
      await insertSortGroups(tx, 'v0', groups);
      await insertSortGroups(tx, 'v1', groups);
      return written;
    });
  } catch (error) {
    // The rows were rolled back: remove the copy this call made, unless a concurrent ingest of
    // the same file registered it meanwhile (its unique-key win is why this one failed).
    const winner = await em
      .fork()
      .findOne(Nwbfile, { nwb_file_name: nwbFileName })
      .catch(() => null);
    if (placed.copied && winner?.nwb_file_abs_path !== placed.absPath) await rm(placed.absPath, { force: true });
    if (winner && error instanceof UniqueConstraintViolationException) {
      const difference = await fileDifference(rawPath, winner.nwb_file_abs_path).catch(() => 'the registered file cannot be read');
      if (difference === undefined) return { alreadyIngested: true, nwbFileName, nwbFileAbsPath: winner.nwb_file_abs_path };
      throw commonErrors.nameConflict(nwbFileName, winner.nwb_file_abs_path, rawPath, difference);
    }
    throw error;
  }
  return {
    alreadyIngested: false,
    nwbFileName,
    nwbFileAbsPath: placed.absPath,
    copied: placed.copied,
    team,
    session: { ...metadata.session, startTime: metadata.session.startTime?.toISOString() ?? null },
    seriesName: metadata.seriesName,
    numSamples: metadata.numSamples,
    numChannels: metadata.numChannels,
    samplingRate: metadata.samplingRate,
    probes,
    electrodeGroups: metadata.electrodeGroups.map((g) => g.name),
    electrodeCount: metadata.electrodes.length,
    validTimes: metadata.validTimes,
    sortGroups: plan.groups,
    warnings: plan.warnings,
  };
}

/** Writes every common-table row of one file (parents first); returns the probe ids used. */
async function writeIngestRows(
  em: EntityManager,
  nwbFileName: string,
  absPath: string,
  team: string,
  metadata: RawNwbMetadata,
): Promise<string[]> {
  await em.insert(Nwbfile, { nwb_file_name: nwbFileName, nwb_file_abs_path: absPath });
  await em.insert(Session, {
    nwb_file_name: nwbFileName,
    session_id: metadata.session.sessionId,
    session_description: metadata.session.description,
    session_start_time: metadata.session.startTime,
  });
  if (!(await em.findOne(LabTeam, { team_name: team }))) await em.insert(LabTeam, { team_name: team, team_description: '' });

  const devices = new Map(metadata.devices.map((d) => [d.name, d]));
  const probeOfGroup = new Map<string, RawNwbDevice | undefined>(
    metadata.electrodeGroups.map((g) => [g.name, g.deviceName === undefined ? undefined : devices.get(g.deviceName)]),
  );
  const probeIds: string[] = [];
  for (const device of new Set([...probeOfGroup.values()].filter((d): d is RawNwbDevice => d !== undefined))) {
    if (probeIds.includes(device.probeType)) continue;
    probeIds.push(device.probeType);
    const shanks = new Set(metadata.electrodes.filter((e) => probeOfGroup.get(e.groupName) === device).map((e) => e.probeShank ?? 0));
    const numShanks = device.shankGroups > 0 ? device.shankGroups : Math.max(1, shanks.size);
    if (!(await em.findOne(ProbeType, { probe_type: device.probeType }))) {
      await em.insert(ProbeType, {
        probe_type: device.probeType,
        probe_description: device.description,
        manufacturer: device.manufacturer,
        num_shanks: numShanks,
      });
    }
    if (!(await em.findOne(Probe, { probe_id: device.probeType }))) {
      await em.insert(Probe, {
        probe_id: device.probeType,
        probe_type: device.probeType,
        probe_description: device.description,
        num_shanks: numShanks,
        contact_side_numbering: device.contactSideNumbering,
      });
    }
  }
  await insertInBatches<ElectrodeGroup>(
    em,
    ElectrodeGroup,
    metadata.electrodeGroups.map((g) => ({
      nwb_file_name: nwbFileName,
      electrode_group_name: g.name,
      probe_id: probeOfGroup.get(g.name)?.probeType ?? null,
      description: g.description,
      target_hemisphere: g.targetHemisphere,
    })),
  );
  if (metadata.electrodes.length > 0) {
    await insertInBatches<Electrode>(
      em,
      Electrode,
      metadata.electrodes.map((e) => ({
        nwb_file_name: nwbFileName,
        electrode_group_name: e.groupName,
        electrode_id: e.electrodeId,
        probe_id: probeOfGroup.get(e.groupName)?.probeType ?? null,
        probe_shank: e.probeShank,
        probe_electrode: e.probeElectrode,
        location: e.location,
        x: e.x,
        y: e.y,
        z: e.z,
        filtering: e.filtering,
        impedance: e.impedance,
        bad_channel: e.badChannel,
        original_reference_electrode: e.originalReferenceElectrode,
      })),
    );
  }
  await em.insert(IntervalList, {
    nwb_file_name: nwbFileName,
    interval_list_name: RAW_VALID_TIMES_INTERVAL,
    valid_times: metadata.validTimes,
    pipeline: '',
  });
  await ensureDefaultPreprocessingParams(em);
  return probeIds;
}
