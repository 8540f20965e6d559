import { planDefaultSortGroups, type SortableElectrode } from './planDefaultSortGroups';

const electrode = (electrodeGroupName: string, electrodeId: number, extra: Partial<SortableElectrode> = {}): SortableElectrode => ({
  electrodeGroupName,
  electrodeId,
  probeShank: 0,
  badChannel: false,
  originalReferenceElectrode: -1,
  ...extra,
});

describe('planDefaultSortGroups', () => {
  it('group mode: numeric group order, bad channels left out, shared reference kept', () => {
    const electrodes = [
      electrode('10', 8, { originalReferenceElectrode: 3 }),
      electrode('10', 9, { originalReferenceElectrode: 3 }),
      electrode('2', 4),
      electrode('2', 5, { badChannel: true }),
      electrode('7', 6, { badChannel: true }),
    ];
    expect(planDefaultSortGroups(electrodes, 'group')).toEqual({
      groups: [
        { sortGroupId: 0, electrodeGroupName: '2', electrodeIds: [4], referenceId: -1 },
        { sortGroupId: 1, electrodeGroupName: '10', electrodeIds: [8, 9], referenceId: 3 },
      ],
      warnings: [],
    });
  });

  it('shank mode: one group per shank, unitrodes omitted', () => {
    const electrodes = [
      electrode('0', 0),
      electrode('0', 1),
      electrode('0', 2, { probeShank: 1 }),
      electrode('0', 3, { probeShank: 1 }),
      electrode('1', 4, { probeShank: 2 }),
    ];
    expect(planDefaultSortGroups(electrodes, 'shank').groups).toEqual([
      { sortGroupId: 0, electrodeGroupName: '0', probeShank: 0, electrodeIds: [0, 1], referenceId: -1 },
      { sortGroupId: 1, electrodeGroupName: '0', probeShank: 1, electrodeIds: [2, 3], referenceId: -1 },
    ]);
  });

  it('disagreeing references fall back to -1 with a warning; non-numeric names sort by code point', () => {
    const result = planDefaultSortGroups([
      electrode('b', 1, { originalReferenceElectrode: 5 }),
      electrode('b', 2, { originalReferenceElectrode: 6 }),
      electrode('a', 0),
    ]);
    expect(result.groups.map((g) => [g.electrodeGroupName, g.referenceId])).toEqual([
      ['a', -1],
      ['b', -1],
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('electrode group b')]);
  });
});
