import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goArch, parseToml } from "@fnpacks/cnb";
import { type BuiltApp, buildApp, DevkitError, ensureTools, GO_BUILD, GO_DIST_STANDIN, PLATFORM_API } from "../src";
import { buildIds, buildUser } from "../src/build-user";
import { RUN_STANDIN } from "../src/run-image";
import { type LayoutImage, listLayer, readLayoutImage, unpackLayer } from "../src/testing/oci-image";

// The export phase, real: the lifecycle's analyzer and exporter on an OCI layout dir, after a real
// build of a Go app (go-dist stand-in, Paketo go-build). The image is read back as a registry
// client would, every digest checked, and its layers unpacked with GNU tar.
jest.setTimeout(15 * 60_000);

const plainApp = join(__dirname, "fixtures", "plain-app");
let out: string;
let app: BuiltApp;
let image: LayoutImage;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "devkit-export-"));
  app = await buildApp({ appDir: plainApp, groups: [[GO_DIST_STANDIN, GO_BUILD]], image: join(out, "image") });
  image = await readLayoutImage(join(out, "image"));
});
afterAll(async () => {
  await app?.remove();
  await rm(out, { recursive: true, force: true });
});

/** The manifest's layer made by `createdBy` (the config's history names each layer's maker). */
function layerMadeBy(createdBy: string | RegExp) {
  const made = (image.config.history ?? []).filter((h) => !h.empty_layer);
  const at = made.findIndex((h) => (typeof createdBy === "string" ? h.created_by === createdBy : createdBy.test(h.created_by ?? "")));
  if (at < 0) throw new Error(`no layer created by ${createdBy}: ${JSON.stringify(made)}`);
  return image.manifest.layers[at];
}

const label = (name: string) => JSON.parse(image.config.config.Labels?.[name] ?? "null");
const inLayer = (path: string) => path.replace(/^\//, "");

it("leaves one image, tagged latest, in a new OCI image layout at the dir asked for", async () => {
  expect(app.image).toMatchObject({ dir: join(out, "image"), digest: image.descriptor.digest, tag: "latest" });
  expect((await readdir(join(out, "image"))).sort()).toEqual(["blobs", "index.json", "oci-layout"]);
  expect(image.index.manifests).toEqual([image.descriptor]);
  expect(app.logs).toContain(`devkit: image ${image.descriptor.digest} (tag "latest") is in the OCI image layout ${join(out, "image")}`);
  expect(app.image?.exportOutput).toContain("Warning: Platform requested experimental feature 'export to OCI layout format'");
});

it("starts the default process through the launcher, with this machine's os/arch and the build's user", () => {
  const { uid, gid } = buildIds(buildUser());
  expect(image.config).toMatchObject({ os: "linux", architecture: goArch(process.arch) });
  expect(image.config.config.Entrypoint).toEqual(["/cnb/process/plain"]); // a symlink to the launcher (below)
  expect(image.config.config.User).toBe(`${uid}:${gid}`);
  // No container here: the layers and app sit in the image where the build had them.
  expect(image.config.config.WorkingDir).toBe(app.appDir);
  expect(image.config.config.Env).toEqual([
    "PATH=/cnb/process:/cnb/lifecycle:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    `CNB_LAYERS_DIR=${app.layersDir}`,
    `CNB_APP_DIR=${app.appDir}`,
    `CNB_PLATFORM_API=${PLATFORM_API}`,
    "CNB_DEPRECATION_MODE=quiet",
  ]);
});

it("labels the processes go-build assigned and the buildpacks that built them (io.buildpacks.build.metadata)", () => {
  expect(label("io.buildpacks.build.metadata")).toMatchObject({
    buildpacks: app.group.map(({ id, version }) => ({ id, version })),
    processes: [
      {
        type: "plain", // go-build v1.1.4 names the process after the binary
        command: [join(app.layersDir, "paketo-buildpacks_go-build", "targets", "bin", "plain")],
        args: [],
        direct: true,
        buildpackID: "paketo-buildpacks/go-build",
      },
    ],
    "buildpack-default-process-type": "plain",
  });
});

it("records every layer it added, and the stand-in run image under them (io.buildpacks.lifecycle.metadata)", () => {
  const metadata = label("io.buildpacks.lifecycle.metadata");
  const diffIds = image.config.rootfs.diff_ids;
  expect(metadata.runImage).toMatchObject({ image: RUN_STANDIN, topLayer: diffIds[0] });
  const goBuild = metadata.buildpacks.find((b: { key: string }) => b.key === "paketo-buildpacks/go-build");
  expect(goBuild).toMatchObject({ version: "1.1.4", layers: { targets: { launch: true, cache: false } } });
  const added = [goBuild.layers.targets.sha, metadata.sbom.sha, ...metadata.app.map((a: { sha: string }) => a.sha), metadata.launcher.sha];
  expect([...added, metadata.config.sha, metadata["process-types"].sha]).toEqual(diffIds.slice(1));
  expect(image.config.config.Labels).toMatchObject({ "io.buildpacks.base.id": RUN_STANDIN, "io.buildpacks.project.metadata": "{}" });
});

it("holds the launcher, the process symlink, go-build's launch layer, the app and the stand-in's users", async () => {
  const layout = join(out, "image");
  expect(listLayer(layout, layerMadeBy(`${RUN_STANDIN}: users and /tmp`))).toContain("-rw-r--r-- 0/0 etc/passwd");
  // The lifecycle writes absolute paths into its layers.
  expect(listLayer(layout, layerMadeBy("Buildpacks Application Launcher"))).toEqual([
    "drwxr-xr-x 0/0 /cnb",
    "drwxr-xr-x 0/0 /cnb/lifecycle",
    "-rwxr-xr-x 0/0 /cnb/lifecycle/launcher",
  ]);
  expect(listLayer(layout, layerMadeBy("Buildpacks Process Types"))).toContain("lrwxr-xr-x 0/0 /cnb/process/plain -> /cnb/lifecycle/launcher");

  const launcher = await unpackLayer(layout, layerMadeBy("Buildpacks Application Launcher"));
  const targets = await unpackLayer(layout, layerMadeBy("Layer: 'targets', Created by buildpack: paketo-buildpacks/go-build@1.1.4"));
  try {
    expect((await readFile(join(launcher, "cnb", "lifecycle", "launcher"))).equals(await readFile((await ensureTools()).launcher))).toBe(true);
    const binary = join("paketo-buildpacks_go-build", "targets", "bin", "plain");
    expect((await readFile(join(targets, inLayer(app.layersDir), binary))).equals(await readFile(join(app.layersDir, binary)))).toBe(true);
  } finally {
    await Promise.all([launcher, targets].map((dir) => rm(dir, { recursive: true, force: true })));
  }
  const appLayer = listLayer(layout, layerMadeBy("Application Layer"));
  expect(appLayer.at(-1)).toMatch(new RegExp(`^d\\S+ \\d+/\\d+ ${app.appDir}$`));
});

it("had the analyzer record the stand-in as the run image, with its target, before detection", async () => {
  const analyzed = parseToml(await readFile(join(app.layersDir, "analyzed.toml"), "utf8")) as { "run-image": Record<string, unknown> };
  expect(analyzed["run-image"]).toMatchObject({
    reference: expect.stringMatching(new RegExp(`^${join(app.workDir, "layout", "index.docker.io", RUN_STANDIN, "latest")}@sha256:[0-9a-f]{64}$`)),
    target: { id: RUN_STANDIN, os: "linux", arch: goArch(process.arch) },
  });
});

it("refuses, before building, a non-empty dir that is not an OCI layout, and leaves it as it was", async () => {
  const mine = join(out, "mine");
  await mkdir(mine);
  await writeFile(join(mine, "notes.txt"), "keep me");
  const workDir = join(out, "never-made");
  const error = await buildApp({ appDir: plainApp, groups: [[GO_DIST_STANDIN, GO_BUILD]], image: mine, workDir }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DevkitError);
  await expect(readdir(workDir)).rejects.toThrow(/ENOENT/); // no build was started
  expect((error as DevkitError).message).toContain("is not empty and is not an OCI image layout");
  expect(await readdir(mine)).toEqual(["notes.txt"]);
  expect(await readFile(join(mine, "notes.txt"), "utf8")).toBe("keep me");
});
