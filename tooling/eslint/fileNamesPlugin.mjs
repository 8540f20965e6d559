// A local ESLint plugin with one rule, `file-names`: a file's name says what it holds.
//
// - oclif derives command ids from file names, so command files under apps/cli/src/commands are
//   kebab-case (`delete-files.ts` is `recompute v1 delete-files`).
// - Everywhere else a module is camelCase (`hashNwbFile.ts`), or PascalCase when the file is the
//   home of one class, interface, type or enum of that exact name (`RecomputeEngine.ts`), so a
//   PascalCase name always tells the reader which declaration to look for.
// - Dotted qualifiers are for tests only (`createV1Recording.golden.test.ts`), plus `.d.ts`.
import path from 'node:path';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const PASCAL = /^[A-Z][a-zA-Z0-9]*$/;
const QUALIFIER = /^[a-z][a-zA-Z0-9]*$/;

/** Splits `a.b.test.ts` into base `a` and qualifiers `['b', 'test']` (extension dropped). */
function splitName(fileName) {
  const parts = path
    .basename(fileName)
    .replace(/\.(ts|tsx|mts|cts)$/, '')
    .split('.');
  return { base: parts[0], qualifiers: parts.slice(1) };
}

function isCommandFile(fileName) {
  return /(^|[\\/])apps[\\/]cli[\\/]src[\\/]commands[\\/]/.test(fileName);
}

/** Names a top-level statement exports as a class, interface, type alias or enum. */
function exportedTypeNames(program) {
  const names = new Set();
  for (const statement of program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : null;
    if (!declaration) continue;
    if (
      ['ClassDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSEnumDeclaration'].includes(declaration.type) &&
      declaration.id
    ) {
      names.add(declaration.id.name);
    }
  }
  return names;
}

const fileNamesRule = {
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'File names: kebab-case commands, camelCase modules, PascalCase only for the home of that type, qualifiers only on tests.',
    },
    schema: [],
    messages: {
      command: "Command file '{{name}}' must be kebab-case (oclif makes the command id from it).",
      casing: "File name '{{name}}' must be camelCase (a module) or PascalCase (the home of a class/interface/type/enum of that name).",
      qualifier: "File name '{{name}}': dotted qualifiers are only for tests ('x.golden.test.ts') and '.d.ts'.",
      pascalWithoutType:
        "File '{{name}}' is PascalCase but exports no class, interface, type or enum named '{{base}}': rename it camelCase or export that declaration.",
    },
  },
  create(context) {
    const fileName = context.filename ?? context.getFilename();
    const { base, qualifiers } = splitName(fileName);
    const isTest = qualifiers.at(-1) === 'test';
    const isDeclaration = qualifiers.length === 1 && qualifiers[0] === 'd';
    return {
      Program(program) {
        const report = (messageId) => context.report({ node: program, messageId, data: { name: path.basename(fileName), base } });
        if (!isTest && !isDeclaration && qualifiers.length > 0) return report('qualifier');
        if (!qualifiers.every((q) => QUALIFIER.test(q))) return report('qualifier');
        if (isCommandFile(fileName) && !isTest) {
          if (!KEBAB.test(base)) report('command');
          return;
        }
        if (CAMEL.test(base)) return;
        if (!PASCAL.test(base)) return report('casing');
        if (!isTest && !isDeclaration && !exportedTypeNames(program).has(base)) report('pascalWithoutType');
      },
    };
  },
};

export default { meta: { name: 'spyglass-recompute-local' }, rules: { 'file-names': fileNamesRule } };
