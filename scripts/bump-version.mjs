#!/usr/bin/env node
// Sets a buildpack's version everywhere it is written: its package.json, its buildpack.toml
// and, for one of packages/ (a signature buildpack, or the explainer), every group of
// order/buildpack.toml that lists it and its image in order/package.toml.
// Text edits keep the files' comments and layout.
//
//   node scripts/bump-version.mjs <a dir of packages/ with a buildpack.toml, or order> <version> [--root <repo>]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { root: { type: "string" } } });
const root = values.root ?? join(dirname(fileURLToPath(import.meta.url)), "..");
const [name, version] = positionals;
// The buildpacks this repository has, read from it so a new one needs no edit here.
const packagesDir = join(root, "packages");
const buildpacks = [
  ...readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, "buildpack.toml")))
    .sort(),
  "order",
];
if (!name || !buildpacks.includes(name) || !version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`usage: node scripts/bump-version.mjs <${buildpacks.join("|")}> <semver>`);
  process.exit(2);
}
const dir = name === "order" ? join(root, "order") : join(root, "packages", name);

const edit = (file, change) => writeFileSync(file, change(readFileSync(file, "utf8")));
const quote = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

edit(join(dir, "package.json"), (text) => text.replace(/("version":\s*)"[^"]*"/, `$1"${version}"`));
let id;
edit(join(dir, "buildpack.toml"), (text) =>
  // The [buildpack] table's version: the first `version =` after the table header.
  text.replace(/(\[buildpack\][\s\S]*?\bid\s*=\s*"([^"]+)"[\s\S]*?\bversion\s*=\s*)"[^"]*"/, (_, head, bpId) => {
    id = bpId;
    return `${head}"${version}"`;
  }),
);
if (!id) throw new Error(`no [buildpack] id and version in ${join(dir, "buildpack.toml")}`);
if (name !== "order") {
  edit(join(root, "order", "buildpack.toml"), (text) =>
    text.replace(new RegExp(`(id = "${quote(id)}"\\s*\\n\\s*version = )"[^"]*"`, "g"), `$1"${version}"`),
  );
  edit(join(root, "order", "package.toml"), (text) => text.replace(new RegExp(`(docker://ghcr\\.io/${quote(id)}:)[^"]+`, "g"), `$1${version}`));
}
console.log(`${id} is now ${version}`);
