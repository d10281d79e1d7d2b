// Reading an OCI image layout in tests the way a registry client would: every blob checked
// against its digest and size, every layer's uncompressed digest against the config's diff_ids,
// and layers unpacked with the system's tar (not devkit's own code) to look inside.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { blobPath, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest, sha256 } from "../oci-layout";

export interface LayoutImage {
  index: ImageIndex;
  descriptor: Descriptor;
  manifest: ImageManifest;
  config: ImageConfig;
}

/** The image of `tag` in the layout at `dir`, with its blobs verified. */
export async function readLayoutImage(dir: string, tag = "latest"): Promise<LayoutImage> {
  const layout = JSON.parse(await readFile(join(dir, "oci-layout"), "utf8"));
  mustEqual(layout, { imageLayoutVersion: "1.0.0" }, `${dir}/oci-layout`);
  const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as ImageIndex;
  const descriptor = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag);
  if (!descriptor) throw new Error(`no image tagged ${tag} in ${dir}/index.json`);
  const manifest = JSON.parse((await verifiedBlob(dir, descriptor)).toString("utf8")) as ImageManifest;
  const config = JSON.parse((await verifiedBlob(dir, manifest.config)).toString("utf8")) as ImageConfig;
  const diffIds = await Promise.all(manifest.layers.map(async (layer) => sha256(gunzipSync(await verifiedBlob(dir, layer)))));
  mustEqual(diffIds, config.rootfs.diff_ids, "the layers' uncompressed digests against the config's diff_ids");
  return { index, descriptor, manifest, config };
}

/** A blob's bytes, after checking they are what its descriptor says. */
export async function verifiedBlob(dir: string, descriptor: Descriptor): Promise<Buffer> {
  const bytes = await readFile(blobPath(dir, descriptor.digest));
  mustEqual({ digest: sha256(bytes), size: bytes.length }, { digest: descriptor.digest, size: descriptor.size }, `blob ${descriptor.digest}`);
  return bytes;
}

/** Unpacks a layer into a new temp dir (with GNU tar); the dir. */
export async function unpackLayer(dir: string, layer: Descriptor | undefined): Promise<string> {
  if (!layer) throw new Error(`no such layer in ${dir}`);
  const into = await mkdtemp(join(tmpdir(), "devkit-layer-"));
  const result = spawnSync("tar", ["-xzf", blobPath(dir, layer.digest), "-C", into, "--no-same-owner"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar could not unpack ${layer.digest}: ${result.stderr}`);
  return into;
}

/** The entries of a layer as GNU tar lists them: "<mode string> <owner>/<group> <path>[ -> <link>]". */
export function listLayer(dir: string, layer: Descriptor | undefined): string[] {
  if (!layer) throw new Error(`no such layer in ${dir}`);
  const result = spawnSync("tar", ["-tvzf", blobPath(dir, layer.digest), "--numeric-owner"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar could not list ${layer.digest}: ${result.stderr}`);
  // "-rw-r--r-- 0/0  123 1980-01-01 00:00 etc/passwd": keep mode, owner and path.
  return result.stdout
    .trim()
    .split("\n")
    .map((line) => line.split(/\s+/))
    .map(([mode, owner, , , , ...path]) => `${mode} ${owner} ${path.join(" ")}`);
}

/** Throws, saying what differed, unless actual is expected (compared as JSON). */
function mustEqual(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: ${a}, expected ${e}`);
}
