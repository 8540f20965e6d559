import * as datajoint from './index';

// The export list is the package's contract with schema, core and the CLI: any change shows up here.
test('public API', () => {
  expect(Object.keys(datajoint).sort()).toMatchSnapshot();
});
