import type { NpyArray, NpyField, NpyScalar } from '../npy/NpyArray';
import type { Probe } from './Probe';

const DIMS = ['x', 'y', 'z'] as const;

function probeFields(probe: Probe): NpyField[] {
  const fields: NpyField[] = DIMS.slice(0, probe.ndim).map((d) => ({ name: d, dtype: '<f8' }));
  fields.push({ name: 'contact_shapes', dtype: '<U64' });
  const paramNames: string[] = [];
  for (const params of probe.shapeParams) for (const k of Object.keys(params)) if (!paramNames.includes(k)) paramNames.push(k);
  for (const k of paramNames) fields.push({ name: k, dtype: '<f8' });
  fields.push({ name: 'shank_ids', dtype: '<U64' }, { name: 'contact_ids', dtype: '<U64' });
  fields.push({ name: 'device_channel_indices', dtype: '<i8' }, { name: 'si_units', dtype: '<U64' });
  for (const d of DIMS.slice(0, probe.ndim)) {
    fields.push({ name: `plane_axis_${d}_0`, dtype: '<f8' }, { name: `plane_axis_${d}_1`, dtype: '<f8' });
  }
  return fields;
}

function probeRecordValue(probe: Probe, i: number, field: string): NpyScalar {
  const dim = DIMS.indexOf(field as 'x');
  if (dim >= 0) return probe.positions[i]?.[dim] as number;
  const axis = /^plane_axis_([xyz])_([01])$/.exec(field);
  if (axis) return probe.planeAxes[i]?.[Number(axis[2])]?.[DIMS.indexOf(axis[1] as 'x')] as number;
  switch (field) {
    case 'contact_shapes':
      return probe.shapes[i] as string;
    case 'shank_ids':
      return probe.shankIds[i] as string;
    case 'contact_ids':
      return probe.contactIds?.[i] ?? '';
    case 'device_channel_indices':
      return probe.deviceChannelIndices?.[i] ?? -1;
    case 'si_units':
      return probe.siUnits;
    default:
      // shape parameters a contact lacks stay 0 (`np.zeros` record).
      return probe.shapeParams[i]?.[field] ?? 0;
  }
}

/**
 * `ProbeGroup.to_numpy(complete=True)`: the structured "contact_vector" spikeinterface keeps
 * as a channel property (`probe_index` first, then the union of every probe's fields).
 */
export function probesToContactVector(probes: readonly Probe[]): NpyArray {
  const fields: NpyField[] = [{ name: 'probe_index', dtype: '<i8' }];
  for (const probe of probes) {
    for (const f of probeFields(probe)) if (!fields.some((g) => g.name === f.name)) fields.push(f);
  }
  const data: NpyScalar[][] = [];
  probes.forEach((probe, probeIndex) => {
    const own = new Set(probeFields(probe).map((f) => f.name));
    for (let i = 0; i < probe.positions.length; i += 1) {
      data.push(
        fields.map((f) => {
          if (f.name === 'probe_index') return probeIndex;
          if (!own.has(f.name)) return f.dtype === '<U64' ? '' : 0;
          return probeRecordValue(probe, i, f.name);
        }),
      );
    }
  });
  return { dtype: fields, shape: [data.length], data };
}
