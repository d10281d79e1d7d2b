import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Layers } from "../src/layers";
import { parseToml } from "../src/toml";
import { useTempDir } from "./helpers";

describe("Layers", () => {
  const tmp = useTempDir();

  it("writes <layer>.toml with [types] and [metadata], and the layer's env dirs", async () => {
    const layer = await new Layers(tmp()).get("server");
    layer.types = { launch: true, build: false, cache: true };
    layer.metadata = { sha: "abc", go: { version: "1.26" } };
    layer.sharedEnv.prepend("PATH", join(layer.path, "bin"), ":");
    layer.buildEnv.override("BP_GO_TARGETS", "./fnpacks-generated");
    layer.launchEnv.default("PORT", "8080");
    layer.launchEnvFor("web").override("MODE", "web");
    await layer.write();

    expect(parseToml(await readFile(join(tmp(), "server.toml"), "utf8"))).toEqual({
      types: { launch: true, build: false, cache: true },
      metadata: { sha: "abc", go: { version: "1.26" } },
    });
    expect(await readdir(join(tmp(), "server", "env"))).toEqual(expect.arrayContaining(["PATH.prepend", "PATH.delim"]));
    expect(await readFile(join(tmp(), "server", "env.build", "BP_GO_TARGETS.override"), "utf8")).toBe("./fnpacks-generated");
    expect(await readFile(join(tmp(), "server", "env.launch", "PORT.default"), "utf8")).toBe("8080");
    expect(await readFile(join(tmp(), "server", "env.launch", "web", "MODE.override"), "utf8")).toBe("web");
  });

  it("writes all-false types for a layer nobody flagged, so the lifecycle ignores it", async () => {
    const layer = await new Layers(tmp()).get("scratch");
    await layer.write();
    expect(parseToml(await readFile(join(tmp(), "scratch.toml"), "utf8"))).toEqual({
      types: { launch: false, build: false, cache: false },
      metadata: {},
    });
  });

  it("restores metadata the lifecycle put back, so a buildpack can decide to reuse the layer", async () => {
    await writeFile(join(tmp(), "deps.toml"), '[metadata]\nchecksum = "123"\n');
    await mkdir(join(tmp(), "deps"));
    await writeFile(join(tmp(), "deps", "kept"), "x");
    const layers = new Layers(tmp());
    const layer = await layers.get("deps");
    expect(layer.metadata).toEqual({ checksum: "123" });
    expect(await layers.restored()).toEqual(["deps"]);
    expect(await readdir(layer.path)).toEqual(["kept"]);
  });

  it("reset empties contents, metadata, types and env", async () => {
    await writeFile(join(tmp(), "deps.toml"), '[types]\nlaunch = true\n[metadata]\nchecksum = "123"\n');
    await mkdir(join(tmp(), "deps"));
    await writeFile(join(tmp(), "deps", "stale"), "x");
    const layer = await new Layers(tmp()).get("deps");
    layer.launchEnv.override("A", "b");
    await layer.reset();
    expect(layer.metadata).toEqual({});
    expect(layer.types).toEqual({ launch: false, build: false, cache: false });
    expect(layer.launchEnv.size).toBe(0);
    expect(await readdir(layer.path)).toEqual([]);
  });

  it("remove deletes a restored layer's toml and contents", async () => {
    await writeFile(join(tmp(), "old.toml"), "[metadata]\n");
    await mkdir(join(tmp(), "old"));
    const layers = new Layers(tmp());
    await layers.remove("old");
    expect(await readdir(tmp())).toEqual([]);
  });

  it("does not count launch.toml, build.toml or store.toml as layers", async () => {
    for (const file of ["launch.toml", "build.toml", "store.toml", "real.toml"]) await writeFile(join(tmp(), file), "");
    expect(await new Layers(tmp()).restored()).toEqual(["real"]);
  });

  it.each(["launch", "build", "store", "../x", "a/b", ""])("refuses the layer name %j", async (name) => {
    await expect(new Layers(tmp()).get(name)).rejects.toThrow(/invalid layer name/);
  });
});
