// Node's POSIX path functions (path-browserify is node's own path.posix, packaged), for the
// modules a detect evaluates: in a bun-compiled executable, loading node:path costs about a
// sixth of a bun hello world's whole start-up (it pulls in bun's node-compatibility layer);
// this costs next to nothing, and gives the same answers under Node and bun.
import type { PlatformPath } from "node:path";

export const path: PlatformPath = require("path-browserify");
