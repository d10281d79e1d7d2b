import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `pnpm package` (scripts/package.mjs) with the real pack: one .cnb per buildpack and target,
// each an OCI layout holding the buildpack with its self-contained executable for that arch.
jest.setTimeout(15 * 60_000);

const root = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "cnb-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "scripts", "package.mjs")], { stdio: "pipe" });
});

function blob(dir: string, digest: string): Buffer {
  return readFileSync(join(dir, "blobs", ...digest.split(":")));
}

/** The buildpackage's image config and the files of its one layer. */
function open(file: string) {
  const dir = mkdtempSync(join(work, "layout-"));
  execFileSync("tar", ["-xf", file, "-C", dir], { stdio: "pipe" });
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  const manifest = JSON.parse(blob(dir, index.manifests[0].digest).toString());
  const config = JSON.parse(blob(dir, manifest.config.digest).toString());
  expect(manifest.layers).toHaveLength(1);
  const layer = join(dir, "layer");
  execFileSync("mkdir", [layer]);
  execFileSync("tar", ["-xzf", join(dir, "blobs", ...manifest.layers[0].digest.split(":")), "-C", layer], { stdio: "pipe" });
  return { dir, config, layer, oci: JSON.parse(readFileSync(join(dir, "oci-layout"), "utf8")) };
}

/** ELF e_machine: 0x3e x86-64, 0xb7 aarch64. */
function elfMachine(path: string): number {
  return readFileSync(path).readUInt16LE(18);
}

const versionOf = (pkg: string): string => JSON.parse(readFileSync(join(root, "packages", pkg, "package.json"), "utf8")).version;

it.each([
  ["http-fn", "fnpacks/go-http-function", "amd64", 0x3e],
  ["http-fn", "fnpacks/go-http-function", "arm64", 0xb7],
  ["cloudevents-fn", "fnpacks/go-cloudevents-function", "amd64", 0x3e],
  ["cloudevents-fn", "fnpacks/go-cloudevents-function", "arm64", 0xb7],
])("packages/%s: %s packaged for linux/%s", (pkg, id, arch, machine) => {
  const version = versionOf(pkg);
  const { config, layer, oci } = open(join(root, "dist", "cnb", `${id.split("/")[1]}-${version}-linux-${arch}.cnb`));
  expect(oci.imageLayoutVersion).toBe("1.0.0");
  expect([config.os, config.architecture]).toEqual(["linux", arch]);
  const metadata = JSON.parse(config.config.Labels["io.buildpacks.buildpackage.metadata"]);
  expect([metadata.id, metadata.version]).toEqual([id, version]);
  const layers = JSON.parse(config.config.Labels["io.buildpacks.buildpack.layers"]);
  expect(layers[id][version]).toMatchObject({
    api: "0.10",
    targets: [
      { os: "linux", arch: "amd64" },
      { os: "linux", arch: "arm64" },
    ],
  });
  const bin = join(layer, "cnb", "buildpacks", id.replace("/", "_"), version, "bin");
  expect(elfMachine(join(bin, "run"))).toBe(machine);
  for (const phase of ["detect", "build"]) expect(execFileSync("readlink", [join(bin, phase)]).toString().trim()).toBe("run");
});
