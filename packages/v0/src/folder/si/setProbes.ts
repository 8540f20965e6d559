import { folderErrors } from '../folderErrors';
import type { NpyArray, NpyField, NpyScalar } from '../npy/NpyArray';
import type { Probe } from '../probe/Probe';
import { probesToContactVector } from '../probe/probesToContactVector';
import { setEntry, type SiRecording } from './SiRecording';

/**
 * `recording.set_probes(probes, group_mode="by_probe", in_place=True)`: stores the
 * "contact_vector", "location" and "group" properties and the `probes_info` annotation
 * (`probeAnnotations`: the writer profile's `Probe().annotations`).
 * Contacts must be wired to every channel in order (the in-place rule of spikeinterface).
 */
export function setProbes(
  recording: SiRecording,
  probes: readonly Probe[],
  probeAnnotations: Readonly<Record<string, string>> = {},
): SiRecording {
  if (probes.some((p) => p.deviceChannelIndices === null)) {
    throw folderErrors.probeInvalid('Probe must have device_channel_indices');
  }
  const full = probesToContactVector(probes);
  const fields = full.dtype as readonly NpyField[];
  const col = (name: string): number => fields.findIndex((f) => f.name === name);
  const dciCol = col('device_channel_indices');
  const records = (full.data as readonly (readonly NpyScalar[])[])
    .filter((r) => Number(r[dciCol]) >= 0)
    .sort((a, b) => Number(a[dciCol]) - Number(b[dciCol]));
  const dci = records.map((r) => Number(r[dciCol]));
  const same = dci.length === recording.channelIds.length && dci.every((d, i) => d === i);
  if (!same) {
    throw folderErrors.probeInvalid(
      `set_probe(in_place=True) must wire all ${recording.channelIds.length} channels in order; got device channel indices [${dci.join(', ')}]`,
    );
  }
  const data = records.map((r, i) => r.map((v, k) => (k === dciCol ? i : v)));
  const contactVector: NpyArray = { dtype: fields, shape: [data.length], data };

  const ndim = Math.max(...probes.map((p) => p.ndim));
  const dims = ['x', 'y', 'z'].slice(0, ndim);
  const location: NpyArray = {
    dtype: '<f8',
    shape: [data.length, ndim],
    data: data.flatMap((r) => dims.map((d) => Number(r[col(d)]))),
  };
  const probeIndexCol = col('probe_index');
  const uniqueProbeIndices = [...new Set(data.map((r) => Number(r[probeIndexCol])))].sort((a, b) => a - b);
  const group: NpyArray = {
    dtype: '<i8',
    shape: [data.length],
    data: data.map((r) => uniqueProbeIndices.indexOf(Number(r[probeIndexCol]))),
  };

  let properties = setEntry(recording.properties, 'contact_vector', contactVector);
  properties = setEntry(properties, 'location', location);
  properties = setEntry(properties, 'group', group);
  // Probes built here carry only the annotations a new probeinterface `Probe()` has (`{}`
  // from 0.2.18, `{"name": ""}` before): one such dict per probe.
  const annotations = setEntry(
    recording.annotations,
    'probes_info',
    probes.map(() => ({ ...probeAnnotations })),
  );
  return recording.with({ properties, annotations });
}
