import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readBuildpack } from "../src";

// The tools modules are the pins: these keep the files that describe them honest.
const devkit = join(__dirname, "..");

async function required(module: string, path: string): Promise<string | undefined> {
  const goMod = await readFile(join(devkit, "tools", module, "go.mod"), "utf8");
  return new RegExp(`^\\s*(?:require\\s+)?${path.replaceAll(".", "\\.")} (v\\S+)`, "m").exec(goMod)?.[1];
}

it("pins lifecycle v0.21.x, whose launcher and lifecycle are the tools", async () => {
  expect(await required("lifecycle", "github.com/buildpacks/lifecycle")).toMatch(/^v0\.21\.\d+$/);
  const goMod = await readFile(join(devkit, "tools", "lifecycle", "go.mod"), "utf8");
  expect(goMod).toContain("github.com/buildpacks/lifecycle/cmd/lifecycle");
  expect(goMod).toContain("github.com/buildpacks/lifecycle/cmd/launcher");
});

it("gives go-build's buildpack.toml the version of the go-build module it is built from", async () => {
  const pinned = await required("go-build", "github.com/paketo-buildpacks/go-build");
  const buildpack = await readBuildpack(join(devkit, "tools", "go-build"));
  expect(buildpack.id).toBe("paketo-buildpacks/go-build");
  // A tag pins vX.Y.Z; a pseudo-version (vX.Y.Z-0.<time>-<commit>) names the commit, and then
  // buildpack.toml carries the Paketo release that commit is.
  if (pinned && /^v\d+\.\d+\.\d+$/.test(pinned)) expect(`v${buildpack.version}`).toBe(pinned);
  else expect(pinned).toMatch(/^v\d+\.\d+\.\d+-0\.\d{14}-[0-9a-f]{12}$/);
});
