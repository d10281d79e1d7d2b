import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseToml, type SbomMediaType, type TomlTable } from "@fnpacks/cnb";
import { sbomSchemaErrors } from "@fnpacks/cnb/testing/sbom-schemas";
import { type BuiltApp, buildApp, buildIds, buildUser, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN } from "@fnpacks/devkit";
import { type LayoutImage, listLayer, readLayoutImage, unpackLayer } from "@fnpacks/devkit/dist/testing/oci-image";

// What the image records of a function build, read back from the OCI layout devkit exports as
// anyone would (docker inspect, crane, pack sbom download): samples/go/http-hello built through
// the real lifecycle in the group a real builder picks for it (the HTTP signature's, with
// go-mod-vendor: see order/test/samples.test.ts), exported by the lifecycle's own exporter.
// (In order/, not devkit's tests: the build needs the HTTP signature buildpack built.)
jest.setTimeout(15 * 60_000);

const root = join(__dirname, "..", "..");
const sample = join(root, "samples", "go", "http-hello");
const HTTP = parseToml(readFileSync(join(root, "packages", "http-fn", "buildpack.toml"), "utf8")).buildpack as TomlTable;

const SIGNATURE_GROUP = [GO_DIST_STANDIN, join(root, "packages", "http-fn", "dist", "buildpack"), GO_MOD_VENDOR_STANDIN, GO_BUILD];

let out: string;
let app: BuiltApp;
let image: LayoutImage;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "devkit-records-"));
  app = await buildApp({ appDir: sample, groups: [SIGNATURE_GROUP], image: join(out, "image") });
  image = await readLayoutImage(join(out, "image"));
});
afterAll(async () => {
  await app?.remove();
  await rm(out, { recursive: true, force: true });
});

const labels = () => image.config.config.Labels ?? {};

it("labels the function: its package, name and shape, and the signature buildpack with its version", () => {
  expect(app.group.map((b) => b.id)).toContain("fnpacks/go-http-function");
  expect(Object.fromEntries(Object.entries(labels()).filter(([key]) => key.startsWith("io.fnpacks.")))).toEqual({
    "io.fnpacks.function.package": "example.com/hello",
    "io.fnpacks.function.name": "Handler",
    "io.fnpacks.function.shape": "handler-func",
    "io.fnpacks.function.functions": '[{"name":"Handler","shape":"handler-func"}]',
    "io.fnpacks.function.buildpack.id": HTTP.id,
    "io.fnpacks.function.buildpack.version": HTTP.version,
  });
});

it("records the process types: go-build's server, the default, started through the launcher", () => {
  const metadata = JSON.parse(labels()["io.buildpacks.build.metadata"] ?? "null");
  expect(metadata.buildpacks).toContainEqual(expect.objectContaining({ id: HTTP.id, version: HTTP.version }));
  expect(metadata.processes).toEqual([
    {
      type: "server", // go-build names the process after the binary: the generated main package
      command: [join(app.layersDir, "paketo-buildpacks_go-build", "targets", "bin", "server")],
      args: [],
      direct: true,
      buildpackID: "paketo-buildpacks/go-build",
    },
  ]);
  expect(metadata["buildpack-default-process-type"]).toBe("server");
  expect(image.config.config.Entrypoint).toEqual(["/cnb/process/server"]);
});

/** The SBOM layer of `built`'s image (the lifecycle's exporter names it so), checked against the lifecycle's metadata. */
function sbomLayer(built: LayoutImage) {
  const made = (built.config.history ?? []).filter((h) => !h.empty_layer);
  const at = made.findIndex((h) => h.created_by === "Software Bill-of-Materials");
  if (at < 0) throw new Error(`no SBOM layer in ${JSON.stringify(made)}`);
  expect(JSON.parse(built.config.config.Labels?.["io.buildpacks.lifecycle.metadata"] ?? "null").sbom.sha).toBe(built.config.rootfs.diff_ids[at]);
  return built.manifest.layers[at];
}

/** This buildpack's launch SBOM files, as the image holds them: <layers>/sbom/launch/<escaped id>/sbom.<ext>. */
async function launchSbomFiles(layout: string, built: LayoutImage, layersDir: string): Promise<Record<"cdx.json" | "spdx.json", string>> {
  const unpacked = await unpackLayer(layout, sbomLayer(built));
  try {
    const dir = join(unpacked, layersDir.replace(/^\//, ""), "sbom", "launch", "fnpacks_go-http-function");
    return { "cdx.json": await readFile(join(dir, "sbom.cdx.json"), "utf8"), "spdx.json": await readFile(join(dir, "sbom.spdx.json"), "utf8") };
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

describe("the launch SBOM layer", () => {
  let files: Record<"cdx.json" | "spdx.json", string>;
  beforeAll(async () => {
    files = await launchSbomFiles(join(out, "image"), image, app.layersDir);
  });

  it("holds the signature buildpack's launch SBOM where the Platform API puts it, beside the lifecycle's", () => {
    const { uid, gid } = buildIds(buildUser()); // the exporter keeps the build user's ownership
    const dir = join(app.layersDir, "sbom", "launch");
    expect(listLayer(join(out, "image"), sbomLayer(image)).filter((entry) => entry.startsWith("-"))).toEqual([
      `-rw-r--r-- ${uid}/${gid} ${dir}/fnpacks_go-http-function/sbom.cdx.json`,
      `-rw-r--r-- ${uid}/${gid} ${dir}/fnpacks_go-http-function/sbom.spdx.json`,
      `-rw-r--r-- ${uid}/${gid} ${dir}/sbom.legacy.json`,
    ]);
  });

  it.each<["cdx.json" | "spdx.json", SbomMediaType]>([
    ["cdx.json", "application/vnd.cyclonedx+json"],
    ["spdx.json", "application/spdx+json"],
  ])("holds sbom.%s, valid by the official schema of %s", (ext, mediaType) => {
    expect(sbomSchemaErrors(mediaType, JSON.parse(files[ext]))).toEqual([]);
  });

  it("describes the fnpacks runtime compiled into the server, at the signature buildpack's version, as Apache-2.0", () => {
    const cdx = JSON.parse(files["cdx.json"]);
    expect(cdx.components).toEqual([
      expect.objectContaining({ type: "library", name: "fnruntime", version: HTTP.version, licenses: [{ license: { id: "Apache-2.0" } }] }),
    ]);
    expect(cdx.components[0].properties).toContainEqual({ name: "fnpacks:go-package", value: "example.com/hello/fnpacks-generated/fnruntime" });
    const spdx = JSON.parse(files["spdx.json"]);
    expect(spdx.packages).toEqual([expect.objectContaining({ name: "fnruntime", versionInfo: HTTP.version, licenseDeclared: "Apache-2.0" })]);
    expect(spdx.creationInfo.creators).toEqual([`Tool: ${HTTP.id}-${HTTP.version}`]);
  });

  it("holds the same files, byte for byte, when the same app is built again", async () => {
    const again = await buildApp({ appDir: sample, groups: [SIGNATURE_GROUP], image: join(out, "again") });
    try {
      expect(await launchSbomFiles(join(out, "again"), await readLayoutImage(join(out, "again")), again.layersDir)).toEqual(files);
    } finally {
      await again.remove();
    }
  });
});
