import * as schema from './index';

// The export list is the package's contract with core, v0, v1 and the CLI: any change shows up here.
test('public API', () => {
  expect(Object.keys(schema).sort()).toMatchSnapshot();
});

test('every exported entity is in allEntities exactly once, with a unique table name', () => {
  const names = schema.allEntities.map((entity) => entity.meta.className);
  expect(new Set(names).size).toBe(names.length);
  const tables = schema.allEntities.map((entity) => entity.meta.tableName);
  expect(new Set(tables).size).toBe(tables.length);
  for (const table of tables) expect(table.length).toBeLessThanOrEqual(64 - 4); // room for `_fkN`
  for (const entity of schema.allEntities) expect(schema[entity.meta.className as keyof typeof schema]).toBe(entity);
});
