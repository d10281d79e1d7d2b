import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import type { GroupEntry } from "./buildpacks";
import { exec } from "./exec";
import { lock } from "./lock";

/**
 * The part of a platform's cache volume devkit keeps: every layer a buildpack marked
 * `cache = true` (go-build's GOCACHE, say), saved after a build and put back before the next
 * one's builder runs, as the lifecycle's exporter and restorer do with `-cache-dir`. Only a
 * speed-up: a missing or emptied cache just means a cold build.
 *
 * Layers move in and out by rename, as a platform mounts a volume, under an exclusive lock:
 * copying a GOCACHE both ways took most of a build's time. A build holds the layers it was
 * handed, so a build running beside it starts cold. Copies remain only where a rename cannot
 * do: a cache on another file system (EXDEV), and launch layers on the way out, which the
 * exporter and the running app still need. (Hard links would be unsafe: Go rewrites files of
 * its cache in place.)
 *
 * Layout: `<cacheDir>/<id with / as _>/<layer>/` and `<layer>.toml`, one dir per buildpack.
 */
export interface LayerCacheOptions {
  cacheDir: string;
  layersDir: string;
  group: readonly Pick<GroupEntry, "id">[];
  /** The build's user when devkit runs as root: restored layers must be theirs. */
  owner?: { uid: number; gid: number };
}

/** Moves the group's cached layers into layersDir; returns `<id>/<layer>` for each. */
export async function restoreCachedLayers(options: LayerCacheOptions): Promise<string[]> {
  if (!existsSync(options.cacheDir)) return [];
  const restored: string[] = [];
  const release = await lock(`${options.cacheDir}.lock`, 2 * 60_000);
  try {
    for (const buildpack of options.group) {
      const name = buildpackDirName(buildpack.id);
      const from = join(options.cacheDir, name);
      const layers = await cachedLayerNames(from);
      if (layers.length === 0) continue;
      const to = join(options.layersDir, name);
      await mkdir(to, { recursive: true });
      for (const layer of layers) {
        await moveOrCopy(join(from, layer), to);
        await copy([join(from, `${layer}.toml`)], to);
        restored.push(`${buildpack.id}/${layer}`);
      }
      if (options.owner && !(await ownedBy(to, options.owner, layers))) {
        await exec("chown", ["-R", `${options.owner.uid}:${options.owner.gid}`, to]);
      }
    }
  } finally {
    await release();
  }
  return restored;
}

/** Replaces each group buildpack's cached layers with those the build left with `cache = true`. */
export async function saveCachedLayers(options: LayerCacheOptions): Promise<string[]> {
  await mkdir(options.cacheDir, { recursive: true });
  const saved: string[] = [];
  const release = await lock(`${options.cacheDir}.lock`, 2 * 60_000);
  try {
    for (const buildpack of options.group) {
      const name = buildpackDirName(buildpack.id);
      const from = join(options.layersDir, name);
      const layers = await cachedLayerNames(from);
      const target = join(options.cacheDir, name);
      if (layers.length === 0) {
        await rm(target, { recursive: true, force: true });
        continue;
      }
      const staging = await mkdtemp(join(options.cacheDir, `.staging-${name}-`));
      for (const layer of layers) {
        if (await isLaunchLayer(from, layer)) await copy([join(from, layer)], staging);
        else await moveOrCopy(join(from, layer), staging);
        await copy([join(from, `${layer}.toml`)], staging);
        saved.push(`${buildpack.id}/${layer}`);
      }
      await rm(target, { recursive: true, force: true });
      await rename(staging, target);
    }
  } finally {
    await release();
  }
  return saved;
}

/** A rename into toDir; a copy when the two are on different file systems. */
export async function moveOrCopy(source: string, toDir: string, move: typeof rename = rename): Promise<"moved" | "copied"> {
  try {
    await move(source, join(toDir, basename(source)));
    return "moved";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copy([source], toDir);
    return "copied";
  }
}

async function isLaunchLayer(buildpackLayersDir: string, layer: string): Promise<boolean> {
  const toml = await readFile(join(buildpackLayersDir, `${layer}.toml`), "utf8").then(parseToml, () => ({}) as TomlTable);
  return (toml.types as TomlTable | undefined)?.launch === true;
}

/** Whether the restored layers already belong to owner (they do when that user's build saved them). */
async function ownedBy(dir: string, owner: { uid: number; gid: number }, layers: string[]): Promise<boolean> {
  for (const path of [dir, ...layers.map((layer) => join(dir, layer))]) {
    const { uid, gid } = await stat(path);
    if (uid !== owner.uid || gid !== owner.gid) return false;
  }
  return true;
}

/** The layers in a buildpack's layers dir whose `<layer>.toml` says `cache = true`. */
export async function cachedLayerNames(buildpackLayersDir: string): Promise<string[]> {
  const names = await readdir(buildpackLayersDir).catch(() => [] as string[]);
  const cached: string[] = [];
  for (const file of names.sort()) {
    if (!file.endsWith(".toml") || file === "launch.toml" || file === "build.toml" || file === "store.toml") continue;
    const layer = file.slice(0, -".toml".length);
    if (!existsSync(join(buildpackLayersDir, layer))) continue;
    const toml = await readFile(join(buildpackLayersDir, file), "utf8").then(parseToml, () => ({}) as TomlTable);
    if ((toml.types as TomlTable | undefined)?.cache === true) cached.push(layer);
  }
  return cached;
}

/** `cp -a`: modes, times and symlinks as they are, and fast on big trees like a GOCACHE. */
async function copy(sources: string[], toDir: string): Promise<void> {
  const result = await exec("cp", ["-a", ...sources, toDir]);
  if (result.code !== 0) throw new Error(`cp -a ${sources.join(" ")} ${toDir} failed: ${result.output}`);
}

/** The lifecycle's name for a buildpack's dirs: its id with / as _. */
function buildpackDirName(id: string): string {
  return id.replaceAll("/", "_");
}

/**
 * Runs `build` between a restore and a save of the cache, as a platform's restorer and exporter
 * bracket the builder. Only a speed-up: a cache that cannot be read or written costs time and a
 * log line, never the build; a build that fails saves nothing.
 */
export async function withCachedLayers<T>(cache: LayerCacheOptions | undefined, log: (line: string) => void, build: () => Promise<T>): Promise<T> {
  if (!cache) return build();
  const skipped = (error: unknown) => log(`devkit: layer cache ${cache.cacheDir} skipped: ${(error as Error).message}`);
  const restored = await restoreCachedLayers(cache).catch((error: unknown) => {
    skipped(error);
    return [];
  });
  if (restored.length > 0) log(`devkit: restored cached layers ${restored.join(", ")} from ${cache.cacheDir}`);
  const result = await build();
  await saveCachedLayers(cache).catch(skipped);
  return result;
}
