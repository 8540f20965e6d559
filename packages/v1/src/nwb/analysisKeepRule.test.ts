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
});
