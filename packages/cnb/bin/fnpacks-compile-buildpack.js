#!/usr/bin/env node
// The `fnpacks-compile-buildpack` command. A committed shim, so installing the workspace can
// link it before `pnpm build` has made dist/ (a bin pointing into dist/ makes pnpm warn).
require("../dist/compile/cli.js");
