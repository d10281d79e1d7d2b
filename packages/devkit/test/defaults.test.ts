import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildpackDir, groupsPerSignature, isExplainerPackage, repoBuildpacks, runImageTarget, signaturePackages } from "../src";

// What devkit builds with when told nothing: this repository's buildpacks.
const bp = (id: string, version: string): BuildpackDir => ({ id, version, dir: `/bps/${id}` });

it("finds every package with a buildpack.toml of its own, at its dist/buildpack", async () => {
  const root = await mkdtemp(join(tmpdir(), "devkit-repo-"));
  try {
    for (const name of ["zeta-fn", "cnb", "alpha-fn"]) await mkdir(join(root, "packages", name), { recursive: true });
    await writeFile(join(root, "packages", "zeta-fn", "buildpack.toml"), "");
    await writeFile(join(root, "packages", "alpha-fn", "buildpack.toml"), "");
    expect(repoBuildpacks(root)).toEqual([join(root, "packages", "alpha-fn", "dist", "buildpack"), join(root, "packages", "zeta-fn", "dist", "buildpack")]);
    expect(repoBuildpacks(join(root, "nowhere"))).toEqual([]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

it("finds this repository's signature buildpacks", () => {
  const found = repoBuildpacks().map((dir) => dir.split("/").slice(-3, -2)[0]);
  expect(found).toEqual(expect.arrayContaining(["cloudevents-fn", "http-fn"]));
});

it("without a composite, puts each signature buildpack between go-dist and go-build, then plain Go, with go-mod-vendor first", () => {
  const goDist = bp("fnpacks-devkit/go-dist-standin", "0.0.1");
  const goModVendor = bp("fnpacks-devkit/go-mod-vendor-standin", "0.0.1");
  const goBuild = bp("paketo-buildpacks/go-build", "1.1.4");
  const ids = groupsPerSignature({ goDist, goModVendor, goBuild }, [bp("fnpacks/a", "1"), bp("fnpacks/b", "2")]).map((g) => g.map((e) => `${e.id}@${e.version}`));
  const [dist, vendor, build] = ["fnpacks-devkit/go-dist-standin@0.0.1", "fnpacks-devkit/go-mod-vendor-standin@0.0.1", "paketo-buildpacks/go-build@1.1.4"];
  expect(ids).toEqual([
    [dist, "fnpacks/a@1", vendor, build],
    [dist, "fnpacks/a@1", build],
    [dist, "fnpacks/b@2", vendor, build],
    [dist, "fnpacks/b@2", build],
    [dist, vendor, build],
    [dist, build],
  ]);
});

it("without a composite, the explainer is optional in the plain Go groups and alone in the last group, as in order/", () => {
  const goDist = bp("fnpacks-devkit/go-dist-standin", "0.0.1");
  const goModVendor = bp("fnpacks-devkit/go-mod-vendor-standin", "0.0.1");
  const goBuild = bp("paketo-buildpacks/go-build", "1.1.4");
  const explainer = { ...bp("fnpacks/go-function-explainer", "3"), explainer: true };
  const groups = groupsPerSignature({ goDist, goModVendor, goBuild }, [bp("fnpacks/a", "1")], explainer);
  const ids = groups.map((g) => g.map((e) => `${e.id}@${e.version}${e.optional ? "?" : ""}`));
  const [dist, vendor, build] = ["fnpacks-devkit/go-dist-standin@0.0.1", "fnpacks-devkit/go-mod-vendor-standin@0.0.1", "paketo-buildpacks/go-build@1.1.4"];
  expect(ids).toEqual([
    [dist, "fnpacks/a@1", vendor, build],
    [dist, "fnpacks/a@1", build],
    [dist, "fnpacks/go-function-explainer@3?", vendor, build],
    [dist, "fnpacks/go-function-explainer@3?", build],
    ["fnpacks/go-function-explainer@3"],
  ]);
});

it("the signature registry leaves out the explainer, which its buildpack.toml marks", async () => {
  const root = await mkdtemp(join(tmpdir(), "devkit-registry-"));
  try {
    await mkdir(join(root, "packages", "explainer"), { recursive: true });
    await writeFile(join(root, "packages", "explainer", "buildpack.toml"), '[buildpack]\n  id = "x/explainer"\n  version = "1"\n\n[metadata]\n  fnpacks-explainer = true\n');
    expect(isExplainerPackage(join(root, "packages", "explainer"))).toBe(true);
    // Not required (it has no dist/index.js to export a signature): left out before that.
    expect(signaturePackages(root)).toEqual([]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

it("targets this machine's arch on linux unless told, and only what devkit can run", () => {
  expect(runImageTarget()).toEqual({ os: "linux", arch: process.arch === "arm64" ? "arm64" : "amd64" });
  expect(runImageTarget({ arch: "arm64" })).toEqual({ os: "linux", arch: "arm64" });
  expect(() => runImageTarget({ os: "windows" })).toThrow("target windows/");
  expect(() => runImageTarget({ arch: "x86_64" })).toThrow("target linux/x86_64 is not one devkit builds for");
});
