/** The fields of an `Electrode` row that default sort groups depend on. */
export interface SortableElectrode {
  electrodeGroupName: string;
  electrodeId: number;
  probeShank: number | null;
  badChannel: boolean;
  originalReferenceElectrode: number;
}

/** One planned sort group. */
export interface SortGroupPlan {
  sortGroupId: number;
  electrodeGroupName: string;
  /** Present in `shank` mode. */
  probeShank?: number | null;
  electrodeIds: number[];
  referenceId: number;
}

/** How default sort groups are formed: one per electrode group, or one per shank of each group. */
export type SortGroupMode = 'group' | 'shank';

/** Result of {@link planDefaultSortGroups}. */
export interface SortGroupPlanResult {
  groups: SortGroupPlan[];
  /** Human-readable notes, e.g. a group whose electrodes disagree on their reference. */
  warnings: string[];
}

/**
 * Spyglass `SortGroup.set_group_by_electrode_group` (`group`) and `set_group_by_shank`
 * (`shank`, unitrodes omitted): bad channels are left out, electrode groups are visited in
 * numeric order of their names (code-point order when a name is not a number), sort group ids
 * count up from 0, and the reference is the electrodes' shared `original_reference_electrode`.
 * Where Spyglass raises because a group's electrodes disagree, this uses −1 (no reference)
 * and reports a warning, so ingesting never fails on it; set the group explicitly afterwards.
 */
export function planDefaultSortGroups(electrodes: readonly SortableElectrode[], mode: SortGroupMode = 'group'): SortGroupPlanResult {
  const good = electrodes.filter((e) => !e.badChannel);
  const groupNames = [...new Set(good.map((e) => e.electrodeGroupName))];
  const allNumeric = groupNames.every((name) => /^-?\d+$/.test(name));
  groupNames.sort((a, b) => (allNumeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const groups: SortGroupPlan[] = [];
  const warnings: string[] = [];
  const add = (electrodeGroupName: string, members: SortableElectrode[], probeShank?: number | null) => {
    const refs = [...new Set(members.map((e) => e.originalReferenceElectrode))];
    const label =
      probeShank === undefined ? `electrode group ${electrodeGroupName}` : `electrode group ${electrodeGroupName} shank ${probeShank}`;
    if (refs.length > 1)
      warnings.push(`${label}: electrodes have different original references (${refs.join(', ')}); sort group ${groups.length} uses -1`);
    const plan: SortGroupPlan = {
      sortGroupId: groups.length,
      electrodeGroupName,
      electrodeIds: members.map((e) => e.electrodeId).sort((a, b) => a - b),
      referenceId: refs.length === 1 ? refs[0] : -1,
    };
    if (probeShank !== undefined) plan.probeShank = probeShank;
    groups.push(plan);
  };
  for (const name of groupNames) {
    const members = good.filter((e) => e.electrodeGroupName === name);
    if (mode === 'group') {
      add(name, members);
      continue;
    }
    const shanks = [...new Set(members.map((e) => e.probeShank))].sort((a, b) => (a ?? -Infinity) - (b ?? -Infinity));
    for (const shank of shanks) {
      const onShank = members.filter((e) => e.probeShank === shank);
      if (onShank.length === 1) continue; // Spyglass omit_unitrode=True
      add(name, onShank, shank);
    }
  }
  return { groups, warnings };
}
