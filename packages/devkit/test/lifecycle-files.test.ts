import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedLayerNames, DevkitError, parseGroupToml, parsePlanToml, restoreCachedLayers, saveCachedLayers } from "../src";
import { moveOrCopy } from "../src/layer-cache";

// group.toml and plan.toml as lifecycle v0.21's detector writes them (from a real build).
const GROUP = `[[group]]
  id = "fnpacks-devkit/go-dist-standin"
  version = "0.0.1"
  api = "0.10"

[[group]]
  id = "paketo-buildpacks/go-build"
  version = "1.1.4"
  api = "0.8"
`;
const PLAN = `[[entries]]

  [[entries.providers]]
    id = "fnpacks-devkit/go-dist-standin"
    version = "0.0.1"

  [[entries.requires]]
    name = "go"
    [entries.requires.metadata]
      build = true
`;

describe("the detector's files", () => {
  it("reads group.toml as the group, in order", () => {
    expect(parseGroupToml(GROUP)).toEqual([
      { id: "fnpacks-devkit/go-dist-standin", version: "0.0.1" },
      { id: "paketo-buildpacks/go-build", version: "1.1.4" },
    ]);
  });

  it("reads plan.toml as requirements and their providers", () => {
    expect(parsePlanToml(PLAN)).toEqual({
      entries: [{ providers: [{ id: "fnpacks-devkit/go-dist-standin", version: "0.0.1" }], requires: [{ name: "go", metadata: { build: true } }] }],
    });
  });

  it("reads an empty plan (a group that requires nothing) as no entries", () => {
    expect(parsePlanToml("")).toEqual({ entries: [] });
  });

  it("names the file when it is not TOML or names no group", () => {
    expect(() => parseGroupToml("[[group]\n", "/l/group.toml")).toThrow(/\/l\/group\.toml is not valid TOML/);
    expect(() => parseGroupToml("", "/l/group.toml")).toThrow(DevkitError);
    expect(() => parseGroupToml("", "/l/group.toml")).toThrow("/l/group.toml names no buildpacks");
  });
});

describe("the layer cache", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "devkit-layer-cache-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function layer(layersDir: string, buildpack: string, name: string, types: string, file = "data") {
    await mkdir(join(layersDir, buildpack, name), { recursive: true });
    await writeFile(join(layersDir, buildpack, name, file), `${name} contents`);
    await writeFile(join(layersDir, buildpack, `${name}.toml`), `[metadata]\n  key = "${name}"\n\n[types]\n${types}\n`);
  }

  it("finds the layers whose toml says cache = true, and nothing else", async () => {
    const layers = join(dir, "layers");
    await layer(layers, "a_b", "gocache", "  cache = true");
    await layer(layers, "a_b", "targets", "  launch = true");
    await layer(layers, "a_b", "both", "  cache = true\n  launch = true");
    await writeFile(join(layers, "a_b", "launch.toml"), "[[processes]]\n");
    await writeFile(join(layers, "a_b", "orphan.toml"), "[types]\n  cache = true\n"); // no dir: not a layer
    expect(await cachedLayerNames(join(layers, "a_b"))).toEqual(["both", "gocache"]);
    expect(await cachedLayerNames(join(layers, "missing"))).toEqual([]);
  });

  it("saves a build's cached layers and restores them into the next build's layers dir", async () => {
    const cacheDir = join(dir, "cache");
    const first = join(dir, "first");
    await layer(first, "paketo-buildpacks_go-build", "gocache", "  cache = true");
    await layer(first, "paketo-buildpacks_go-build", "targets", "  launch = true");
    await symlink("data", join(first, "paketo-buildpacks_go-build", "gocache", "link"));
    const group = [{ id: "paketo-buildpacks/go-build" }, { id: "other/bp" }];
    expect(await saveCachedLayers({ cacheDir, layersDir: first, group })).toEqual(["paketo-buildpacks/go-build/gocache"]);

    const next = join(dir, "next");
    await mkdir(next);
    expect(await restoreCachedLayers({ cacheDir, layersDir: next, group })).toEqual(["paketo-buildpacks/go-build/gocache"]);
    const restored = join(next, "paketo-buildpacks_go-build");
    expect((await readdir(restored)).sort()).toEqual(["gocache", "gocache.toml"]);
    expect(await readFile(join(restored, "gocache", "link"), "utf8")).toBe("gocache contents");
    expect(await readFile(join(restored, "gocache.toml"), "utf8")).toContain('key = "gocache"');
    // Nothing left behind: no staging dirs, no lock.
    expect((await readdir(dir)).sort()).toEqual(["cache", "first", "next"]);
    expect(await readdir(cacheDir)).toEqual(["paketo-buildpacks_go-build"]);
  });

  it("replaces a buildpack's cache with what its latest build kept", async () => {
    const cacheDir = join(dir, "cache");
    const group = [{ id: "bp" }];
    await layer(join(dir, "one"), "bp", "old", "  cache = true");
    await saveCachedLayers({ cacheDir, layersDir: join(dir, "one"), group });
    await layer(join(dir, "two"), "bp", "new", "  cache = true");
    await saveCachedLayers({ cacheDir, layersDir: join(dir, "two"), group });
    expect((await readdir(join(cacheDir, "bp"))).sort()).toEqual(["new", "new.toml"]);
  });

  it("moves cache-only layers by rename both ways, and copies a launch layer out (the exporter and the app still need it)", async () => {
    const cacheDir = join(dir, "cache");
    const first = join(dir, "first");
    const group = [{ id: "bp" }];
    await layer(first, "bp", "gocache", "  cache = true");
    await layer(first, "bp", "both", "  cache = true\n  launch = true");
    const inode = (path: string) => stat(path).then((s) => s.ino);
    const built = await inode(join(first, "bp", "gocache", "data"));
    await saveCachedLayers({ cacheDir, layersDir: first, group });
    expect(await inode(join(cacheDir, "bp", "gocache", "data"))).toBe(built);
    expect((await readdir(join(first, "bp"))).sort()).toEqual(["both", "both.toml", "gocache.toml"]);
    expect(await readFile(join(first, "bp", "both", "data"), "utf8")).toBe("both contents");

    const next = join(dir, "next");
    await mkdir(next);
    await restoreCachedLayers({ cacheDir, layersDir: next, group });
    expect(await inode(join(next, "bp", "gocache", "data"))).toBe(built);
    // The build holds the layers now: a build beside it starts cold, nothing is shared.
    expect((await readdir(join(cacheDir, "bp"))).sort()).toEqual(["both.toml", "gocache.toml"]);
  });

  it("copies when a rename cannot cross file systems (EXDEV)", async () => {
    await layer(join(dir, "from"), "bp", "gocache", "  cache = true");
    await mkdir(join(dir, "to"));
    const crossDevice = async () => Promise.reject(Object.assign(new Error("EXDEV: cross-device link not permitted"), { code: "EXDEV" }));
    expect(await moveOrCopy(join(dir, "from", "bp", "gocache"), join(dir, "to"), crossDevice)).toBe("copied");
    expect(await readFile(join(dir, "to", "gocache", "data"), "utf8")).toBe("gocache contents");
    const denied = async () => Promise.reject(Object.assign(new Error("EACCES"), { code: "EACCES" }));
    await expect(moveOrCopy(join(dir, "from", "bp", "gocache"), join(dir, "to"), denied)).rejects.toThrow("EACCES");
  });

  it("restores nothing from a cache that does not exist", async () => {
    expect(await restoreCachedLayers({ cacheDir: join(dir, "none"), layersDir: dir, group: [{ id: "bp" }] })).toEqual([]);
    await expect(stat(join(dir, "none"))).rejects.toThrow();
  });
});
