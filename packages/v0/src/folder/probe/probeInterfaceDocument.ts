import { pyFloat, type PyJsonObject, type PyJsonValue } from '@spyglass-recompute/nwb';
import type { Probe } from './Probe';

/** probeinterface version whose `write_probeinterface` output this reproduces. */
export const PROBEINTERFACE_VERSION = '0.2.28';

const floats = (rows: readonly (readonly number[])[]): PyJsonValue => rows.map((r) => r.map((v) => pyFloat(v)));

/** `Probe.to_dict(array_as_list=True)`: keys in `_dump_attr_names` order, `None` values left out. */
function probeToDict(probe: Probe, annotations: Readonly<Record<string, string>>): PyJsonObject {
  const d: PyJsonObject = {
    ndim: probe.ndim,
    si_units: probe.siUnits,
    annotations: { ...annotations },
    contact_annotations: {},
    contact_positions: floats(probe.positions),
    contact_plane_axes: probe.planeAxes.map((axes) => floats(axes)),
    contact_shapes: [...probe.shapes],
    // shape params are Python floats: `float(arr["radius"][i])` in from_numpy.
    contact_shape_params: probe.shapeParams.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, pyFloat(v)]))),
  };
  if (probe.deviceChannelIndices !== null) d.device_channel_indices = [...probe.deviceChannelIndices];
  if (probe.contactIds !== null) d.contact_ids = [...probe.contactIds];
  d.shank_ids = [...probe.shankIds];
  return d;
}

/** Which probeinterface wrote probe.json: its `version` and a new `Probe()`'s annotations. */
export interface ProbeInterfaceDialect {
  /** @default PROBEINTERFACE_VERSION */
  version?: string;
  /** Rebuilt probes (`get_probegroup`) carry only these defaults. @default {} */
  probeAnnotations?: Readonly<Record<string, string>>;
}

/** The dict `write_probeinterface(file, probegroup)` dumps as `probe.json`. */
export function probeInterfaceDocument(probes: readonly Probe[], dialect: ProbeInterfaceDialect = {}): PyJsonObject {
  return {
    specification: 'probeinterface',
    version: dialect.version ?? PROBEINTERFACE_VERSION,
    probes: probes.map((probe) => probeToDict(probe, dialect.probeAnnotations ?? {})),
  };
}
