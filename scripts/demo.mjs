#!/usr/bin/env node
// The README's first command, after `turbo run build`: builds samples/go/http-hello through the
// real CNB lifecycle with the freshly built buildpacks (devkit) and serves it on localhost.
// Extra arguments go to `fnpacks run`, e.g. `npm start -- --port 9090` or another app dir.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const app = args[0] && !args[0].startsWith("-") ? [] : [join(root, "samples", "go", "http-hello")];
const port = args.includes("--port") ? [] : ["--port", process.env.PORT || "8080"];
const result = spawnSync(process.execPath, [join(root, "packages", "devkit", "dist", "cli.js"), "run", ...app, ...args, ...port], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
