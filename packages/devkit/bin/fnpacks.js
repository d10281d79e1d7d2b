#!/usr/bin/env node
// The `fnpacks` command. A committed shim, so installing the workspace can link it before
// `pnpm build` has made dist/ (a bin pointing into dist/ makes pnpm warn on every fresh install).
require("../dist/cli.js");
