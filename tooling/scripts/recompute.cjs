#!/usr/bin/env node
// `pnpm recompute …` launcher. pnpm runs scripts in the workspace root, so without this a path the
// user typed relative to where they were (`pnpm --dir ~/recompute recompute hash nwb incoming/x.nwb`
// from /tmp/lab) would be looked up in the repository. pnpm records the user's directory in
// INIT_CWD; change into it, then run the CLI exactly as its own bin does.
const initCwd = process.env.INIT_CWD;
if (initCwd) process.chdir(initCwd);
require('../../apps/cli/bin/run.js');
