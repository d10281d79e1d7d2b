#!/usr/bin/env node
// `pnpm package`: stages every buildpack in a dir of its own under dist/stage, holding exactly
// what its image ships, and writes the signature buildpacks' .cnb files (one per target) into
// dist/cnb with the real `pack buildpack package --format file`, which needs no Docker daemon
// for local sources. pack is built from its Go module as pinned in packages/devkit/tools/pack
// (Go's build cache makes later builds quick).
//
// Why stage: pack packages the whole directory a buildpack's uri names, so packaging order/ in
// place would ship its node_modules links, package.json and tests; and pack treats a buildpack
// as a composite (reading package.toml's [[targets]]) only when buildpack.toml is in `--path`
// or, with `--config`, in the working directory. dist/stage/go-functions holds only
// buildpack.toml and package.toml, so the composite is packaged from there.
//
// The composite cannot be packaged here: it must contain every member its order names, and
// Paketo's members are images pulled from a registry. The script prints the pack commands that
// publish everything from the staged dirs on a connected machine; .github/workflows/release.yml
// runs them. Under GitHub Actions it also writes the image names to $GITHUB_OUTPUT.
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const stageRoot = join(root, "dist", "stage");
const cnbDir = join(root, "dist", "cnb");
const orderDir = join(root, "order");
// The buildpacks `pnpm build` made, found the way devkit finds them, and its TOML parser.
const devkit = join(root, "packages", "devkit", "dist", "index.js");
const { repoBuildpacks } = createRequire(import.meta.url)(devkit);
const { parseToml } = createRequire(devkit)("@fnpacks/cnb");

/** What a signature buildpack's target dir may hold: its executables. Anything else is a decision to make here. */
const TARGET_ENTRIES = ["bin"];

class PackageError extends Error {}

function fail(what, fix) {
  throw new PackageError(`${what}\n  fix: ${fix}`);
}

const readToml = (file) => parseToml(readFileSync(file, "utf8"));
const shortName = (id) => id.split("/").pop();
const rel = (path) => relative(root, path) || ".";

function buildPack() {
  const pack = join(root, ".cache", "tools", "pack");
  execFileSync("go", ["build", "-trimpath", "-o", pack, "github.com/buildpacks/pack"], {
    cwd: join(root, "packages", "devkit", "tools", "pack"),
    env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly", GOWORK: "off" },
    stdio: "inherit",
  });
  return pack;
}

/** A hard link where the file system allows one (the executables are ~95 MB each), else a copy. */
function place(from, to) {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
  else if (stat.isDirectory()) {
    mkdirSync(to);
    for (const entry of readdirSync(from)) place(join(from, entry), join(to, entry));
  } else {
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

/**
 * A signature buildpack as `pack buildpack package --target` reads it: buildpack.toml and, per
 * target, `<os>/<arch>/bin/`, taken from the multi-target dir `pnpm build` leaves beside
 * dist/buildpack (packages/<pkg>/dist/targets).
 */
function stageSignature(built) {
  const source = join(built, "..", "targets");
  const descriptor = join(source, "buildpack.toml");
  let toml;
  try {
    toml = readToml(descriptor);
  } catch (error) {
    fail(`cannot read ${rel(descriptor)}: ${error.message}`, "run `pnpm build` (or `pnpm package`, which builds first)");
  }
  const { id, version } = toml.buildpack ?? {};
  const targets = (toml.targets ?? []).map((t) => `${t.os}/${t.arch}`);
  if (!id || !version || targets.length === 0) fail(`${rel(descriptor)} has no [buildpack] id and version, or no [[targets]]`, "fix the package's buildpack.toml and rebuild");
  const dir = join(stageRoot, shortName(id));
  mkdirSync(dir, { recursive: true });
  place(descriptor, join(dir, "buildpack.toml"));
  for (const target of targets) {
    const from = join(source, ...target.split("/"));
    const entries = (() => {
      try {
        return readdirSync(from).sort();
      } catch {
        return fail(`${rel(from)} is missing: buildpack.toml names target ${target}`, "run `pnpm build`, which compiles every target");
      }
    })();
    const extra = entries.filter((entry) => !TARGET_ENTRIES.includes(entry));
    if (extra.length > 0) fail(`${rel(from)} holds ${extra.join(", ")}, which would not be packaged`, "if the buildpack needs it, add it to TARGET_ENTRIES in scripts/package.mjs");
    mkdirSync(join(dir, ...target.split("/")), { recursive: true });
    for (const entry of entries) place(join(from, entry), join(dir, ...target.split("/"), entry));
  }
  return { id, version, targets, dir };
}

/**
 * The composite: order/buildpack.toml as is, and order/package.toml with `[buildpack] uri = "."`
 * put in front. pack resolves that uri against the config file's dir, i.e. this staged dir.
 * order/package.toml has no uri of its own, so pack refuses it in place instead of shipping order/.
 */
function stageComposite() {
  const packageToml = join(orderDir, "package.toml");
  const packageText = readFileSync(packageToml, "utf8");
  const config = parseToml(packageText);
  if (config.buildpack) fail(`${rel(packageToml)} has a [buildpack] table`, "remove it: `pnpm package` stages the composite and names its dir there");
  const { id, version } = readToml(join(orderDir, "buildpack.toml")).buildpack;
  const dir = join(stageRoot, shortName(id));
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(orderDir, "buildpack.toml"), join(dir, "buildpack.toml"));
  const header = `# Staged by scripts/package.mjs from ${rel(packageToml)}: the buildpack is this dir, which holds\n# only buildpack.toml and this file. Package it from here: pack buildpack package <image> --config package.toml --publish\n[buildpack]\n  uri = "."\n\n`;
  writeFileSync(join(dir, "package.toml"), header + packageText);
  return { id, version, dir, dependencies: (config.dependencies ?? []).map((d) => String(d.uri ?? "")) };
}

/**
 * Every image comes from the composite's dependencies: a signature is published under the name
 * the composite pulls it by, and the composite beside them (same registry and namespace).
 */
function imageNames(signatures, composite) {
  const images = new Map();
  for (const { id, version } of signatures) {
    const uri = composite.dependencies.find((u) => u.startsWith("docker://") && u.endsWith(`/${id}:${version}`));
    if (!uri) fail(`order/package.toml has no dependency docker://<registry>/${id}:${version}`, `the composite must pull the version pnpm package builds: node scripts/bump-version.mjs keeps them together`);
    images.set(id, uri.slice("docker://".length));
  }
  // "ghcr.io/fnpacks/go-http-function:0.1.0" is registry "ghcr.io" + "/" + id + ":" + version.
  const registries = new Set(signatures.map(({ id, version }) => images.get(id).slice(0, -`/${id}:${version}`.length)));
  if (registries.size !== 1) fail(`order/package.toml pulls the signature buildpacks from ${[...registries].join(" and ")}`, "publish them to one registry");
  images.set(composite.id, `${[...registries][0]}/${composite.id}:${composite.version}`);
  return images;
}

function packageFiles(pack, signatures) {
  // pack keeps its config in PACK_HOME; a throwaway one leaves the user's alone.
  const packHome = mkdtempSync(join(tmpdir(), "fnpacks-pack-home-"));
  const files = [];
  try {
    for (const { id, version, targets, dir } of signatures) {
      const file = join(cnbDir, `${shortName(id)}-${version}.cnb`);
      execFileSync(pack, ["buildpack", "package", file, "--path", dir, "--format", "file", ...targets.flatMap((t) => ["--target", t]), "--no-color"], {
        env: { ...process.env, PACK_HOME: packHome },
        stdio: "inherit",
      });
      // With several targets pack writes one file per target, named with its os and arch.
      files.push(...(targets.length > 1 ? targets.map((t) => file.replace(/\.cnb$/, `-${t.replace("/", "-")}.cnb`)) : [file]));
    }
  } finally {
    rmSync(packHome, { recursive: true, force: true });
  }
  return files;
}

function report({ pack, signatures, composite, images, files }) {
  const lines = [
    "",
    `staged buildpacks (each dir holds only what its image ships), in ${rel(stageRoot)}:`,
    ...[...signatures, composite].map(({ id, version, dir }) => `  ${rel(dir).padEnd(36)} ${id} ${version}`),
    `buildpackages for \`pack build --buildpack <file>\`, in ${rel(cnbDir)}:`,
    ...files.map((file) => `  ${rel(file)}`),
    `pack: ${rel(pack)}`,
    "",
    "To publish, on a machine that can push there and pull Paketo's images (as .github/workflows/release.yml does),",
    "signature images first (each a linux/amd64 and a linux/arm64 image under one index), then the composite, which pulls them:",
    ...signatures.map(({ id, dir, targets }) => `  pack buildpack package ${images.get(id)} --path ${rel(dir)} ${targets.map((t) => `--target ${t}`).join(" ")} --publish`),
    `  (cd ${rel(composite.dir)} && pack buildpack package ${images.get(composite.id)} --config package.toml --publish)`,
  ];
  console.log(lines.join("\n"));
}

/** GitHub Actions step outputs: the pack binary, the composite's version and each image by buildpack name. */
function writeStepOutputs(file, { pack, composite, images }) {
  const outputs = [`pack=${pack}`, `version=${composite.version}`, ...[...images].map(([id, image]) => `${shortName(id)}=${image}`)];
  appendFileSync(file, `${outputs.join("\n")}\n`);
}

function main() {
  const pack = buildPack();
  // Stale stages or files of earlier versions must not be published or tested.
  rmSync(stageRoot, { recursive: true, force: true });
  rmSync(cnbDir, { recursive: true, force: true });
  mkdirSync(cnbDir, { recursive: true });
  const signatures = repoBuildpacks(root).map(stageSignature);
  const composite = stageComposite();
  const images = imageNames(signatures, composite);
  const files = packageFiles(pack, signatures);
  report({ pack, signatures, composite, images, files });
  if (process.env.GITHUB_OUTPUT) writeStepOutputs(process.env.GITHUB_OUTPUT, { pack, composite, images });
}

try {
  main();
} catch (error) {
  if (!(error instanceof PackageError)) throw error;
  console.error(`pnpm package: ${error.message}`);
  process.exit(1);
}
