#!/usr/bin/env node
// The README's commands start here, on a machine with only Node, npm and Go: install the
// workspace with the pinned pnpm (through npx, so nothing global is needed), then hand the
// task to turbo with the workspace's own tools on PATH.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
const task = process.argv[2];
const tasks = {
  // Build every buildpack, then build and serve the first sample through the real lifecycle.
  demo: [["turbo", "run", "build"], ["node", "scripts/demo.mjs", ...process.argv.slice(3)]],
  // The whole suite: lint, typecheck, every package's tests (they build what they need).
  test: [["turbo", "run", "lint", "typecheck", "test", "--concurrency=1", "--continue"], ["node", "scripts/test-summary.mjs"]],
};

if (!tasks[task]) {
  console.error(`usage: node scripts/workspace.mjs <${Object.keys(tasks).join("|")}>`);
  process.exit(2);
}

ensureInstalled();
for (const [command, ...args] of tasks[task]) run(command, args);

function ensureInstalled() {
  const marker = join(root, "node_modules", ".modules.yaml");
  const lock = join(root, "pnpm-lock.yaml");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  run("npx", ["--yes", packageManager, "install", "--frozen-lockfile"]);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.error) {
    console.error(`${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}
