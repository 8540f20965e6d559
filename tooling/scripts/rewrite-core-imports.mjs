#!/usr/bin/env node
// `node tooling/scripts/rewrite-core-imports.mjs [--check] [dir ...]` (default dirs: packages apps
// tooling): rewrites every import of the former `@spyglass-recompute/core` package (issue 16 split it)
// to `@spyglass-recompute/nwb` and/or `@spyglass-recompute/engine`.
//
// Each imported name goes to the package whose index exports it; the symbol table is read from
// packages/nwb/src/index.ts and packages/engine/src/index.ts, so it follows their exports. Handles
// `import { … } from`, `import type { … } from`, `export { … } from` (one statement per target
// package, `type` markers kept), the old sub-paths (core/hashing, core/data-roots, core/wasm,
// core/wasm-tiering: all nwb) in imports and `require()`, and package.json dependencies (core is
// replaced by what that package's sources now import). Names found in neither index, namespace or
// default imports, and `require('@spyglass-recompute/core')` are listed and the script exits 1
// without guessing. Rerunnable: a tree with nothing left to rewrite is left unchanged.
// `--check` rewrites nothing and exits 1 if anything would change.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OLD = '@spyglass-recompute/core';
const TARGETS = ['nwb', 'engine'];
/** Old sub-path entry points: each lived wholly in what is now nwb. */
const SUBPATH_TARGET = { hashing: 'nwb', 'data-roots': 'nwb', wasm: 'nwb', 'wasm-tiering': 'nwb' };
/** Names core exported that are no package's export any more: where they went. */
const NOT_EXPORTED = {
  FakePipeline: 'packages/engine/src/engine/test-support/FakePipeline.ts (test support: import it by path)',
  FakeBehaviour: 'packages/engine/src/engine/test-support/FakePipeline.ts (test support: import it by path)',
  FakeKey: 'packages/engine/src/engine/test-support/FakePipeline.ts (test support: import it by path)',
  FakePipelineOptions: 'packages/engine/src/engine/test-support/FakePipeline.ts (test support: import it by path)',
};
const SOURCE_EXT = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', '.git', 'coverage', '.mutation']);

/** Exported name → package short name, from the `export { … }` / `export type { … }` lists of an index. */
export function exportedNames(indexSource) {
  const names = new Set();
  for (const match of indexSource.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const spec of splitSpecifiers(match[1])) names.add(spec.exported);
  }
  for (const match of indexSource.matchAll(
    /export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g,
  )) {
    names.add(match[1]);
  }
  return names;
}

/** `a, type B, c as d` → [{ text, type, imported, exported }] */
function splitSpecifiers(list) {
  return list
    .split(',')
    .map((text) => text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim())
    .filter(Boolean)
    .map((text) => {
      const typeOnly = /^type\s+/.test(text);
      const bare = text.replace(/^type\s+/, '');
      const [imported, exported = imported] = bare.split(/\s+as\s+/).map((s) => s.trim());
      return { text, type: typeOnly, imported, exported };
    });
}

export function symbolTable(repoRoot = root) {
  const table = new Map();
  for (const target of TARGETS) {
    const index = path.join(repoRoot, 'packages', target, 'src', 'index.ts');
    for (const name of exportedNames(readFileSync(index, 'utf8'))) {
      if (table.has(name)) throw new Error(`${name} is exported by both ${table.get(name)} and ${target}`);
      table.set(name, target);
    }
  }
  return table;
}

const escaped = OLD.replace(/[/]/g, '\\/');
// import|export [type] { names } from '@spyglass-recompute/core[/sub]'   (multi-line lists allowed)
const NAMED = new RegExp(
  String.raw`(^|\n)([ \t]*)(import|export)(\s+type)?\s*\{([^}]*)\}\s*from\s*(['"])${escaped}(?:\/([\w-]+))?\6(\s*;)?`,
  'g',
);
const ANY_IMPORT = new RegExp(String.raw`(?:from|import|require\()\s*\(?\s*['"]${escaped}(?:\/([\w-]+))?['"]`, 'g');
const REQUIRE_SUBPATH = new RegExp(String.raw`require\((['"])${escaped}\/([\w-]+)\1\)`, 'g');

/**
 * Rewrites one source text. Returns { text, problems, targets } where targets are the packages
 * the rewritten text imports.
 */
export function rewriteSource(source, table, file = '<source>') {
  const problems = [];
  const targets = new Set();
  let text = source.replace(NAMED, (whole, lead, indent, keyword, typeKeyword, list, _quote, subpath, semi) => {
    const statementIsType = Boolean(typeKeyword);
    const problemsBefore = problems.length;
    const groups = new Map();
    for (const spec of splitSpecifiers(list)) {
      const target = subpath ? SUBPATH_TARGET[subpath] : table.get(spec.imported);
      if (!target) {
        const moved = NOT_EXPORTED[spec.imported];
        problems.push(
          `${file}: '${spec.imported}' from '${OLD}${subpath ? `/${subpath}` : ''}' is exported by neither ${TARGETS.join(' nor ')}${moved ? `; it lives in ${moved}` : ''}`,
        );
        continue;
      }
      if (!groups.has(target)) groups.set(target, []);
      groups.get(target).push(spec);
    }
    if (problems.length > problemsBefore) return whole;
    const statements = [];
    for (const target of TARGETS) {
      const specs = groups.get(target);
      if (!specs) continue;
      targets.add(target);
      const allType = statementIsType || specs.every((s) => s.type);
      const names = specs.map((s) => (allType ? s.text.replace(/^type\s+/, '') : s.text));
      const multiLine = list.includes('\n');
      const body = multiLine ? `{\n${names.map((n) => `${indent}  ${n},`).join('\n')}\n${indent}}` : `{ ${names.join(', ')} }`;
      statements.push(`${indent}${keyword}${allType ? ' type' : ''} ${body} from '@spyglass-recompute/${target}'${semi ?? ''}`);
    }
    return lead + statements.join('\n');
  });
  text = text.replace(REQUIRE_SUBPATH, (whole, quote, subpath) => {
    const target = SUBPATH_TARGET[subpath];
    if (!target) {
      problems.push(`${file}: require of unknown sub-path '${OLD}/${subpath}'`);
      return whole;
    }
    targets.add(target);
    return `require(${quote}@spyglass-recompute/${target}${quote})`;
  });
  const unsplit = [...text.matchAll(ANY_IMPORT)];
  if (problems.length === 0)
    for (const match of unsplit) {
      problems.push(
        `${file}: cannot split '${match[0]}' by name (namespace/default import or require of the whole package): rewrite it by hand`,
      );
    }
  for (const target of TARGETS)
    if (text.includes(`'@spyglass-recompute/${target}'`) || text.includes(`"@spyglass-recompute/${target}"`)) targets.add(target);
  return { text, problems, targets };
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (SOURCE_EXT.test(entry.name)) yield full;
  }
}

/** The package directory (holding package.json) a file belongs to, below repoRoot. */
function packageDirOf(file, repoRoot) {
  let dir = path.dirname(file);
  while (dir.startsWith(repoRoot) && dir !== repoRoot) {
    try {
      if (statSync(path.join(dir, 'package.json')).isFile()) return dir;
    } catch {
      // not a package folder: go up
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const dirs = args.filter((a) => a !== '--check');
  const table = symbolTable();
  const problems = [];
  const changed = [];
  /** package dir → packages its sources import */
  const usage = new Map();
  for (const dir of dirs.length > 0 ? dirs : ['packages', 'apps', 'tooling']) {
    for (const file of sourceFiles(path.resolve(root, dir))) {
      if (file === fileURLToPath(import.meta.url)) continue;
      const source = readFileSync(file, 'utf8');
      const result = rewriteSource(source, table, path.relative(root, file));
      problems.push(...result.problems);
      const pkg = packageDirOf(file, root);
      if (pkg) {
        if (!usage.has(pkg)) usage.set(pkg, new Set());
        for (const t of result.targets) usage.get(pkg).add(t);
      }
      if (result.text !== source) {
        changed.push(path.relative(root, file));
        if (!check) writeFileSync(file, result.text);
      }
    }
  }
  for (const [pkg, used] of usage) {
    const manifestPath = path.join(pkg, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    let touched = false;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const deps = manifest[field];
      if (!deps || !(OLD in deps)) continue;
      const range = deps[OLD];
      const rebuilt = {};
      for (const [name, value] of Object.entries(deps)) {
        if (name === OLD) {
          for (const t of TARGETS) if (used.has(t) && !(`@spyglass-recompute/${t}` in deps)) rebuilt[`@spyglass-recompute/${t}`] = range;
        } else rebuilt[name] = value;
      }
      manifest[field] = rebuilt;
      touched = true;
    }
    if (touched) {
      changed.push(path.relative(root, manifestPath));
      if (!check) writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    }
  }
  for (const file of changed) console.error(`${check ? 'would rewrite' : 'rewrote'} ${file}`);
  for (const problem of problems) console.error(`problem: ${problem}`);
  if (problems.length > 0 || (check && changed.length > 0)) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
