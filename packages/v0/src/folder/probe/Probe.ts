import { folderErrors } from '../folderErrors';

/** Contact shapes probeinterface accepts. */
export type ContactShape = 'circle' | 'square' | 'rect';

/**
 * The parts of a probeinterface 0.2.28 `Probe` that reach a spikeinterface folder
 * (no planar contour, no contact annotations: Spyglass never sets them).
 */
export interface Probe {
  readonly ndim: 2 | 3;
  readonly siUnits: string;
  /** `(num_contacts, ndim)` */
  readonly positions: readonly (readonly number[])[];
  /** `(num_contacts, 2, ndim)`: the two in-plane axes of each contact. */
  readonly planeAxes: readonly (readonly (readonly number[])[])[];
  readonly shapes: readonly ContactShape[];
  /** Per contact, in key order (`{"radius": 6.25}`). */
  readonly shapeParams: readonly Readonly<Record<string, number>>[];
  readonly deviceChannelIndices: readonly number[] | null;
  /** `null` when unset (also when every id is `""`, as `set_contact_ids` does). */
  readonly contactIds: readonly string[] | null;
  readonly shankIds: readonly string[];
}

/** Options of {@link createProbe}. */
export interface CreateProbeOptions {
  /** @default 2 */
  ndim?: 2 | 3;
  /** @default 'circle' */
  shape?: ContactShape;
  /** Same parameters for every contact. @default {radius: 10} */
  shapeParams?: Readonly<Record<string, number>>;
  /** Required for 3-D probes; 2-D probes default to the x/y axes. */
  planeAxes?: readonly (readonly (readonly number[])[])[];
}

/** `Probe(ndim).set_contacts(positions, shapes, shape_params, plane_axes)`. */
export function createProbe(positions: readonly (readonly number[])[], options: CreateProbeOptions = {}): Probe {
  const { ndim = 2, shape = 'circle', shapeParams = { radius: 10 } } = options;
  for (const p of positions) {
    if (p.length !== ndim) {
      throw folderErrors.probeInvalid(`probe contact position ${JSON.stringify(p)} does not have ndim=${ndim} coordinates`);
    }
  }
  let planeAxes = options.planeAxes;
  if (planeAxes === undefined) {
    if (ndim === 3) throw folderErrors.probeInvalid('a 3-D probe needs plane axes');
    planeAxes = positions.map(() => [
      [1, 0],
      [0, 1],
    ]);
  }
  return {
    ndim,
    siUnits: 'um',
    positions: positions.map((p) => [...p]),
    planeAxes,
    shapes: positions.map(() => shape),
    shapeParams: positions.map(() => ({ ...shapeParams })),
    deviceChannelIndices: null,
    contactIds: null,
    // probeinterface: `np.zeros(n, dtype=str)` when no shank ids are given.
    shankIds: positions.map(() => ''),
  };
}

/** `probe.set_contact_ids(ids)`: ids become strings; all-empty ids mean "unset". */
export function setContactIds(probe: Probe, ids: readonly (string | number)[]): Probe {
  const strings = ids.map((id) => String(id));
  if (strings.every((s) => s === '')) return { ...probe, contactIds: null };
  if (new Set(strings).size !== strings.length) {
    throw folderErrors.probeInvalid(`probe contact ids are not unique: ${strings.join(', ')}`);
  }
  return { ...probe, contactIds: strings };
}

/** `probe.set_device_channel_indices(indices)`. */
export function setDeviceChannelIndices(probe: Probe, indices: readonly number[]): Probe {
  if (indices.length !== probe.positions.length) {
    throw folderErrors.probeInvalid(`probe has ${probe.positions.length} contacts but ${indices.length} device channel indices`);
  }
  return { ...probe, deviceChannelIndices: [...indices] };
}

const AXIS_INDEX = { x: 0, y: 1, z: 2 } as const;

function to3dRows(rows: readonly (readonly number[])[], axes: 'xy' | 'yz' | 'xz'): number[][] {
  const dims = [...axes].map((a) => AXIS_INDEX[a as 'x' | 'y' | 'z']);
  return rows.map((row) => {
    const out = [0, 0, 0];
    dims.forEach((d, i) => {
      out[d] = row[i] as number;
    });
    return out;
  });
}

/**
 * `probe.to_3d(axes)`: 2-D positions and plane axes are placed on the given plane, the
 * third coordinate is 0 (so a z from the input never survives). Contact ids are not copied;
 * shank ids reset to `""`, device channel indices are kept.
 */
export function probeTo3d(probe: Probe, axes: 'xy' | 'yz' | 'xz' = 'xz'): Probe {
  const positions = to3dRows(probe.positions, axes);
  const axis0 = to3dRows(
    probe.planeAxes.map((a) => a[0] as readonly number[]),
    axes,
  );
  const axis1 = to3dRows(
    probe.planeAxes.map((a) => a[1] as readonly number[]),
    axes,
  );
  return {
    ...probe,
    ndim: 3,
    positions,
    planeAxes: positions.map((_, i) => [axis0[i] as number[], axis1[i] as number[]]),
    contactIds: null,
    shankIds: positions.map(() => ''),
  };
}
