import type { ValidTimes } from '@spyglass-recompute/schema';

/** A device (probe) an electrode group points at. */
export interface RawNwbDevice {
  /** Name under `general/devices`. */
  name: string;
  /** Spyglass probe id / probe type: `probe_type` (ndx-franklab-novela Probe), else `description`, else the name. */
  probeType: string;
  description: string;
  manufacturer: string;
  /** Shank subgroups of a novela Probe (0 for a plain Device). */
  shankGroups: number;
  contactSideNumbering: boolean;
}

/** One `general/extracellular_ephys` electrode group. */
export interface RawNwbElectrodeGroup {
  name: string;
  description: string;
  location: string;
  /** Name of its device, if it links one. */
  deviceName: string | undefined;
  targetHemisphere: 'Right' | 'Left' | 'Unknown';
}

/** One row of the electrodes table. */
export interface RawNwbElectrode {
  electrodeId: number;
  groupName: string;
  probeShank: number | null;
  probeElectrode: number | null;
  location: string;
  x: number | null;
  y: number | null;
  z: number | null;
  filtering: string;
  impedance: number | null;
  badChannel: boolean;
  /** `ref_elect_id`, −1 when absent. */
  originalReferenceElectrode: number;
}

/** Everything ingestion needs from a raw NWB file, read once by `readRawNwbMetadata`. */
export interface RawNwbMetadata {
  filePath: string;
  seriesName: string;
  numSamples: number;
  numChannels: number;
  session: { sessionId: string | null; description: string; startTime: Date | null };
  devices: RawNwbDevice[];
  electrodeGroups: RawNwbElectrodeGroup[];
  electrodes: RawNwbElectrode[];
  /** Spyglass ingest rate: the series' `rate`, else estimated from the timestamps. */
  samplingRate: number;
  /** "raw data valid times". */
  validTimes: ValidTimes;
}
