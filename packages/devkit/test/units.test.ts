import { spawnSync } from "node:child_process";
import { lstat, mkdtemp, readdir, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BuildpackDir,
  buildpackPath,
  COMPOSITE_ORDER,
  layOutBuildpacks,
  orderToml,
  readBuildpack,
  resolveComposite,
} from "../src";
import { parseToml } from "@fnpacks/cnb";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bp = (id: string, version: string): BuildpackDir => ({ id, version, dir: `/bps/${id}` });

it("lays buildpacks out as <id with / as _>/<version>, as symlinks", async () => {
  expect(buildpackPath("/cnb/buildpacks", bp("paketo-buildpacks/go-build", "1.1.4"))).toBe("/cnb/buildpacks/paketo-buildpacks_go-build/1.1.4");
  await layOutBuildpacks(dir, [bp("a/b", "1.0.0"), bp("c", "2.0.0")]);
  expect((await readdir(dir)).sort()).toEqual(["a_b", "c"]);
  expect(await readlink(join(dir, "a_b", "1.0.0"))).toBe("/bps/a/b");
  expect((await lstat(join(dir, "c", "2.0.0"))).isSymbolicLink()).toBe(true);
});

it("writes order.toml the detector reads", () => {
  const toml = orderToml([[{ id: "a", version: "1" }, { id: "b", version: "2", optional: true }], [{ id: "c", version: "3" }]]);
  expect(parseToml(toml)).toEqual({
    order: [{ group: [{ id: "a", version: "1" }, { id: "b", version: "2", optional: true }] }, { group: [{ id: "c", version: "3" }] }],
  });
});

it("restricts the repository's composite order to what devkit has, saying what it changed", async () => {
  const composite = await readBuildpack(join(COMPOSITE_ORDER, ".."));
  const available = [
    bp("fnpacks-devkit/go-dist-standin", "0.0.1"),
    bp("paketo-buildpacks/go-build", "1.1.4"),
    bp("fnpacks/go-http-function", "0.1.0"),
    bp("fnpacks/go-cloudevents-function", "0.1.0"),
  ];
  const { groups, notes } = resolveComposite(composite, available, { "paketo-buildpacks/go-dist": "fnpacks-devkit/go-dist-standin" });
  // Without go-mod-vendor (nor MCP or the explainer here): the composite's groups that need only
  // what is available remain, each once, in order.
  expect(groups.map((g) => g.map((e) => e.id))).toEqual([
    ["fnpacks-devkit/go-dist-standin", "fnpacks/go-cloudevents-function", "paketo-buildpacks/go-build"],
    ["fnpacks-devkit/go-dist-standin", "fnpacks/go-http-function", "paketo-buildpacks/go-build"],
    ["fnpacks-devkit/go-dist-standin", "paketo-buildpacks/go-build"],
  ]);
  expect(groups[2]).toContainEqual({ id: "paketo-buildpacks/go-build", version: "1.1.4" });
  expect(notes).toEqual(
    expect.arrayContaining([
      "paketo-buildpacks/go-dist 2.10.9 → fnpacks-devkit/go-dist-standin 0.0.1",
      "paketo-buildpacks/go-build 2.4.20 → 1.1.4, the version devkit has",
      "left out optional paketo-buildpacks/ca-certificates 3.12.2: devkit cannot provide it",
    ]),
  );
  // Each group left out is named with the first required member devkit lacks.
  const have = new Set([...available.map((b) => b.id), "paketo-buildpacks/go-dist"]);
  for (const [index, group] of (composite.order ?? []).entries()) {
    const lacking = group.find((m) => !m.optional && !have.has(m.id));
    if (lacking) expect(notes).toContain(`left out group ${index + 1}: it needs ${lacking.id} ${lacking.version}, which devkit cannot provide`);
  }
  expect(notes.filter((n) => n.startsWith("left out group")).length).toBeGreaterThan(0);
});

it("says how to fix a missing buildpack.toml", async () => {
  await expect(readBuildpack(dir)).rejects.toThrow(/no buildpack.toml in/);
});

describe("the fnpacks CLI", () => {
  const cli = join(__dirname, "..", "dist", "cli.js");
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

  it("prints its usage and exits 2 without a command", () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("fnpacks run <app-dir> [--port N] [options]");
  });

  it("says what is wrong and how to fix it, without a stack trace", () => {
    const result = run("build", "/no/such/app");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("app dir /no/such/app does not exist\n  fix: pass the directory of a Go module\n");
  });
});
