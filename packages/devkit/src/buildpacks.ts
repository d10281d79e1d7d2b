import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, copyFile, link, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import { DevkitError } from "./errors";
import { COMPOSITE_ORDER, GO_BUILD_TOML, GO_DIST_STANDIN_DIR, GO_MOD_VENDOR_STANDIN_DIR, repoBuildpacks } from "./paths";
import type { Tools } from "./tools";

/**
 * A buildpack on disk: a dir with buildpack.toml (and bin/, or an order for a composite), as the
 * platform lays it out for the lifecycle. Not @fnpacks/cnb's `Buildpack`, which is a buildpack's
 * detect and build functions.
 */
export interface BuildpackDir {
  id: string;
  version: string;
  dir: string;
  /** A composite's groups. */
  order?: GroupEntry[][];
  /** The explainer (buildpack.toml's `[metadata] fnpacks-explainer = true`): not a signature buildpack. */
  explainer?: boolean;
}

/** The key an explainer's buildpack.toml sets under [metadata]; signature registries leave such a package out. */
export const EXPLAINER_KEY = "fnpacks-explainer";

/** Whether a parsed buildpack.toml is the explainer's. */
export function isExplainerToml(toml: TomlTable): boolean {
  return (toml.metadata as TomlTable | undefined)?.[EXPLAINER_KEY] === true;
}

export interface GroupEntry {
  id: string;
  version: string;
  optional?: boolean;
}

/**
 * Names usable in place of a dir: devkit's stand-ins for go-dist and go-mod-vendor, and the real
 * go-build it builds.
 */
export const GO_DIST_STANDIN = "go-dist-standin";
export const GO_MOD_VENDOR_STANDIN = "go-mod-vendor-standin";
export const GO_BUILD = "go-build";

/** Each stand-in's dir in this package, by the name that stands for it. */
const STANDIN_DIRS: Readonly<Record<string, string>> = {
  [GO_DIST_STANDIN]: GO_DIST_STANDIN_DIR,
  [GO_MOD_VENDOR_STANDIN]: GO_MOD_VENDOR_STANDIN_DIR,
};

/** Whether a --buildpack value is one of the names above rather than a dir. */
export function isBuildpackName(spec: string): boolean {
  return spec === GO_BUILD || Object.hasOwn(STANDIN_DIRS, spec);
}

export async function readBuildpack(dir: string): Promise<BuildpackDir> {
  const file = join(dir, "buildpack.toml");
  const text = await readFile(file, "utf8").catch(() => {
    throw new DevkitError(`no buildpack.toml in ${dir}`, {
      where: dir,
      fix: "pass a buildpack directory (for this repo's buildpacks run `pnpm build` first: they land in packages/<pkg>/dist/buildpack)",
    });
  });
  const toml = parseToml(text);
  const info = toml.buildpack as TomlTable | undefined;
  if (!info?.id || !info.version) throw new DevkitError(`${file} has no [buildpack] id and version`, { where: file });
  const buildpack: BuildpackDir = { id: String(info.id), version: String(info.version), dir: resolve(dir), ...(isExplainerToml(toml) ? { explainer: true } : {}) };
  if (Array.isArray(toml.order)) {
    buildpack.order = (toml.order as TomlTable[]).map((o) => ((o.group as TomlTable[]) ?? []).map(groupEntry));
  }
  return buildpack;
}

function groupEntry(entry: TomlTable): GroupEntry {
  return { id: String(entry.id), version: String(entry.version), ...(entry.optional ? { optional: true } : {}) };
}

/**
 * go-build as a buildpack dir: our buildpack.toml beside the binary built from its module.
 * One dir per built binary, made once (in a temp dir, then renamed into place) so that
 * concurrent builds share it safely.
 */
export async function goBuildBuildpack(tools: Tools, cacheDir: string): Promise<BuildpackDir> {
  // Named by the binary's dir (its pins) and by buildpack.toml, so a change to either is seen.
  const toml = createHash("sha256").update(await readFile(GO_BUILD_TOML)).digest("hex").slice(0, 12);
  const dir = join(cacheDir, "buildpacks", `${basename(dirname(tools.goBuild))}-${toml}`);
  if (!existsSync(join(dir, "bin", "build"))) {
    await mkdir(dirname(dir), { recursive: true });
    const staging = await mkdtemp(`${dir}.staging-`);
    await mkdir(join(staging, "bin"));
    await copyFile(GO_BUILD_TOML, join(staging, "buildpack.toml"));
    await link(tools.goBuild, join(staging, "bin", "run")).catch(() => copyFile(tools.goBuild, join(staging, "bin", "run")));
    for (const phase of ["detect", "build"]) await symlink("run", join(staging, "bin", phase));
    await chmod(staging, 0o755);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      // Another build put it in place first.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  }
  return readBuildpack(dir);
}

/** Resolves a dir or one of the special names to a buildpack. */
export async function resolveBuildpack(spec: string, tools: Tools, cacheDir: string): Promise<BuildpackDir> {
  const standin = Object.hasOwn(STANDIN_DIRS, spec) ? STANDIN_DIRS[spec] : undefined;
  if (standin) return readBuildpack(standin);
  if (spec === GO_BUILD) return goBuildBuildpack(tools, cacheDir);
  if (!existsSync(spec)) {
    throw new DevkitError(`buildpack ${spec} does not exist`, {
      fix: `pass a buildpack directory, or ${[...Object.keys(STANDIN_DIRS), GO_BUILD].join(", ")}`,
    });
  }
  return readBuildpack(spec);
}

/**
 * Where a build's buildpacks come from. The order's resolution asks through this, so it can be
 * tested without built tools or this checkout (see localBuildpacks for the real one).
 */
export interface BuildpackSources {
  /** A buildpack dir, or one of the names isBuildpackName knows (a stand-in, GO_BUILD). */
  buildpack(spec: string): Promise<BuildpackDir>;
  /** The composite whose buildpack.toml is `file`. */
  composite(file: string): Promise<BuildpackDir>;
  /** This repository's composite order, and whether the checkout has it. */
  repositoryOrder: { file: string; exists: boolean };
  /** This repository's signature buildpacks, as `pnpm build` left them. */
  repositoryBuildpacks(): Promise<BuildpackDir[]>;
}

/** This checkout's buildpacks, devkit's stand-ins and the go-build built into cacheDir. */
export function localBuildpacks(tools: Tools, cacheDir: string): BuildpackSources {
  return {
    buildpack: (spec) => resolveBuildpack(spec, tools, cacheDir),
    composite: (file) => readBuildpack(dirname(file)),
    repositoryOrder: { file: COMPOSITE_ORDER, exists: existsSync(COMPOSITE_ORDER) },
    async repositoryBuildpacks() {
      const found: BuildpackDir[] = [];
      for (const dir of repoBuildpacks()) {
        if (!existsSync(join(dir, "buildpack.toml"))) {
          throw new DevkitError(`the buildpack in ${dir} is not built`, { fix: "run `pnpm build` (or `npm start`) at the repository root first" });
        }
        found.push(await readBuildpack(dir));
      }
      return found;
    },
  };
}

/** The dir name the lifecycle looks a buildpack up by: `<id with / as _>/<version>`. */
export function buildpackPath(buildpacksDir: string, buildpack: Pick<BuildpackDir, "id" | "version">): string {
  return join(buildpacksDir, buildpack.id.replaceAll("/", "_"), buildpack.version);
}

/** Lays the buildpacks out as the lifecycle expects (symlinks: nothing is copied). */
export async function layOutBuildpacks(buildpacksDir: string, buildpacks: BuildpackDir[]): Promise<void> {
  for (const buildpack of buildpacks) {
    const path = buildpackPath(buildpacksDir, buildpack);
    if (existsSync(path)) continue;
    await mkdir(join(path, ".."), { recursive: true });
    await symlink(buildpack.dir, path);
  }
}

/** order.toml for the detector. */
export function orderToml(groups: GroupEntry[][]): string {
  return groups
    .map(
      (group) =>
        `[[order]]\n${group
          .map((e) => `  [[order.group]]\n    id = ${JSON.stringify(e.id)}\n    version = ${JSON.stringify(e.version)}\n${e.optional ? "    optional = true\n" : ""}`)
          .join("")}`,
    )
    .join("\n");
}

export async function writeOrder(path: string, groups: GroupEntry[][]): Promise<void> {
  await writeFile(path, orderToml(groups));
}
