import { folderErrors } from '../folderErrors';
import type { NpyArray, NpyField, NpyScalar } from '../npy/NpyArray';
import { type ContactShape, type Probe, setContactIds } from './Probe';

const DIMS = ['x', 'y', 'z'] as const;

/**
 * `ProbeGroup.from_numpy(contact_vector)` (probeinterface 0.2.28): rebuilds the probes a
 * recording's "contact_vector" property describes, as `get_probegroup()` does before
 * `write_probeinterface`.
 */
export function contactVectorToProbes(contactVector: NpyArray): Probe[] {
  if (typeof contactVector.dtype === 'string') {
    throw folderErrors.probeInvalid('contact_vector must be a structured array');
  }
  const fields = contactVector.dtype as readonly NpyField[];
  const names = fields.map((f) => f.name);
  const column = (record: readonly NpyScalar[], name: string): NpyScalar => record[names.indexOf(name)] as NpyScalar;
  const records = contactVector.data as readonly (readonly NpyScalar[])[];
  const probeIndices = [...new Set(records.map((r) => Number(column(r, 'probe_index'))))].sort((a, b) => a - b);
  const ndim = names.includes('z') ? 3 : 2;
  return probeIndices.map((probeIndex) => {
    const rows = records.filter((r) => Number(column(r, 'probe_index')) === probeIndex);
    const siUnits = names.includes('si_units') ? new Set(rows.map((r) => String(column(r, 'si_units')))) : new Set(['um']);
    if (siUnits.size !== 1) throw folderErrors.probeInvalid('contact_vector mixes si_units');
    const shapes = rows.map((r) => String(column(r, 'contact_shapes')) as ContactShape);
    const shapeParams = rows.map((r, i): Record<string, number> => {
      switch (shapes[i]) {
        case 'circle':
          return { radius: Number(column(r, 'radius')) };
        case 'square':
          return { width: Number(column(r, 'width')) };
        case 'rect':
          return { width: Number(column(r, 'width')), height: Number(column(r, 'height')) };
        default:
          throw folderErrors.probeInvalid(`unknown contact shape ${String(shapes[i])}`);
      }
    });
    const positions = rows.map((r) => DIMS.slice(0, ndim).map((d) => Number(column(r, d))));
    const planeAxes = rows.map((r) =>
      [0, 1].map((k) =>
        DIMS.slice(0, ndim).map((d) => (names.includes(`plane_axis_${d}_${k}`) ? Number(column(r, `plane_axis_${d}_${k}`)) : 0)),
      ),
    );
    const deviceChannelIndices = names.includes('device_channel_indices')
      ? rows.map((r) => Number(column(r, 'device_channel_indices')))
      : null;
    let probe: Probe = {
      ndim,
      siUnits: [...siUnits][0] as string,
      positions,
      planeAxes,
      shapes,
      shapeParams,
      deviceChannelIndices: deviceChannelIndices && !deviceChannelIndices.every((d) => d === -1) ? deviceChannelIndices : null,
      contactIds: null,
      shankIds: names.includes('shank_ids') ? rows.map((r) => String(column(r, 'shank_ids'))) : rows.map(() => ''),
    };
    if (names.includes('contact_ids'))
      probe = setContactIds(
        probe,
        rows.map((r) => String(column(r, 'contact_ids'))),
      );
    return probe;
  });
}
