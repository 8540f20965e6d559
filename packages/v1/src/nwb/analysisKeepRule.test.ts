import { analysisKeepRule } from './analysisKeepRule';

describe('analysisKeepRule', () => {
  it.each([
    ['/acquisition', true, 'empty'],
    ['/analysis', true, 'empty'],
    ['/processing', true, 'empty'],
    ['/stimulus', true, 'copy'],
    ['/stimulus/presentation', true, 'empty'],
    ['/stimulus/templates', true, 'empty'],
    ['/units', true, 'drop'],
    ['/scratch', true, 'drop'],
    ['/specifications', true, 'copy'],
    ['/intervals', true, 'copy'],
    ['/intervals/epochs/tags_index', false, 'copy'],
    ['/file_create_date', false, 'copy'],
    ['/general', true, 'copy'],
    ['/general/devices', true, 'copy'],
    ['/general/extracellular_ephys', true, 'copy'],
    ['/general/subject', true, 'copy'],
    ['/general/keywords', false, 'copy'],
    ['/general/source_script', false, 'copy'],
    ['/general/optophysiology', true, 'drop'],
    ['/general/task', true, 'drop'],
    ['/general/extracellular_ephys/electrodes/group', false, 'copy'],
  ] as const)('%s (group: %s) → %s', (path, isGroup, action) => {
    expect(analysisKeepRule(path, isGroup)).toBe(action);
  });

  it("keeps units and replaces the writer's own cached namespaces when the profile says so", () => {
    const options = { keepUnits: true, replacedNamespaces: ['core', 'hdmf-common'] };
    expect(analysisKeepRule('/units', true, options)).toBe('copy');
    expect(analysisKeepRule('/units/spike_times', false, options)).toBe('copy');
    expect(analysisKeepRule('/specifications', true, options)).toBe('copy');
    expect(analysisKeepRule('/specifications/core', true, options)).toBe('drop');
    expect(analysisKeepRule('/specifications/ndx-franklab-novela', true, options)).toBe('copy');
  });
});
