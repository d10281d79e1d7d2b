// OCI image layouts (image-spec's image-layout.md): the `oci-layout` marker, `index.json`, and
// content-addressed `blobs/sha256/<hex>`. devkit writes one to hold its run image stand-in, reads
// the one the lifecycle's exporter writes, and adds that image to the layout the user asked for.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DevkitError } from "./errors";

export const MEDIA_TYPES = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar+gzip",
} as const;

/** The annotation that names an image in a layout's index.json (its tag). */
export const REF_NAME = "org.opencontainers.image.ref.name";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os: string; architecture: string };
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** An image config (image-spec config.md), as far as devkit writes or reads one. */
export interface ImageConfig {
  architecture: string;
  os: string;
  created?: string;
  config: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string>;
  };
  rootfs: { type: "layers"; diff_ids: string[] };
  history?: Array<{ created?: string; created_by?: string; empty_layer?: boolean }>;
}

const LAYOUT_MARKER = "oci-layout";
const LAYOUT_VERSION = { imageLayoutVersion: "1.0.0" };

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** Where a blob lives in a layout. */
export function blobPath(layout: string, digest: string): string {
  const [algorithm, hex] = digest.split(":");
  if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-f0-9]+$/.test(hex)) throw new Error(`${digest} is not a digest`);
  return join(layout, "blobs", algorithm, hex);
}

/** Stores bytes as a blob (once: blobs are content-addressed); their descriptor. */
export async function writeBlob(layout: string, mediaType: string, bytes: Buffer | string): Promise<Descriptor> {
  const digest = sha256(bytes);
  const path = blobPath(layout, digest);
  await mkdir(join(path, ".."), { recursive: true });
  if (!existsSync(path)) await writeFile(path, bytes);
  return { mediaType, digest, size: Buffer.byteLength(bytes) };
}

export async function readBlob(layout: string, digest: string): Promise<Buffer> {
  return readFile(blobPath(layout, digest));
}

export async function readJsonBlob<T>(layout: string, digest: string): Promise<T> {
  return JSON.parse((await readBlob(layout, digest)).toString("utf8")) as T;
}

/**
 * Writes a single-image layout at `layout`: the layers (uncompressed tars, stored gzipped), a
 * config whose rootfs lists their diff ids, a manifest, and an index naming it `refName`.
 */
export async function writeImageLayout(
  layout: string,
  image: { config: Omit<ImageConfig, "rootfs">; layers: Buffer[]; refName: string },
): Promise<Descriptor> {
  const layers = await Promise.all(image.layers.map((tar) => writeBlob(layout, MEDIA_TYPES.layer, gzipSync(tar))));
  const config: ImageConfig = { ...image.config, rootfs: { type: "layers", diff_ids: image.layers.map((tar) => sha256(tar)) } };
  const configBlob = await writeBlob(layout, MEDIA_TYPES.config, JSON.stringify(config));
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.manifest, config: configBlob, layers };
  const manifestBlob = await writeBlob(layout, MEDIA_TYPES.manifest, JSON.stringify(manifest));
  const descriptor = { ...manifestBlob, annotations: { [REF_NAME]: image.refName } };
  await writeFile(join(layout, LAYOUT_MARKER), JSON.stringify(LAYOUT_VERSION));
  await writeFile(join(layout, "index.json"), JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests: [descriptor] }));
  return descriptor;
}

/** What a dir is, for writing an image there. */
export type LayoutState = "absent" | "empty" | "layout" | "not-a-layout" | "not-a-dir";

export async function layoutState(dir: string): Promise<LayoutState> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined; // ENOTDIR: a file on the way
    throw error;
  });
  if (!info) return "absent";
  if (!info.isDirectory()) return "not-a-dir";
  if ((await readdir(dir)).length === 0) return "empty";
  return existsSync(join(dir, LAYOUT_MARKER)) ? "layout" : "not-a-layout";
}

/** A layout's index.json, checked enough to be trusted: a clear error for a damaged one. */
export async function readIndex(layout: string): Promise<ImageIndex> {
  const file = join(layout, "index.json");
  const fix = "pass a new or empty dir instead, or repair the layout (its index.json must list its images)";
  let index: ImageIndex;
  try {
    index = JSON.parse(await readFile(file, "utf8")) as ImageIndex;
  } catch (error) {
    throw new DevkitError(`${file} cannot be read as an OCI image index: ${(error as Error).message}`, { where: file, fix });
  }
  if (index?.schemaVersion !== 2 || !Array.isArray(index.manifests)) {
    throw new DevkitError(`${file} is not an OCI image index (schemaVersion 2 with a manifests list)`, { where: file, fix });
  }
  return index;
}

/**
 * Adds the image `manifest` of layout `from` to layout `to` (made if absent): its blobs first,
 * then the index, replaced in one rename, with any entry of the same ref name replaced. Nothing
 * in `to` is deleted: its other images and blobs stay.
 */
export async function addImage(from: string, manifest: Descriptor, to: string): Promise<void> {
  const parsed = await readJsonBlob<ImageManifest>(from, manifest.digest);
  for (const blob of [manifest, parsed.config, ...parsed.layers]) await copyBlob(from, to, blob);
  if (!existsSync(join(to, LAYOUT_MARKER))) await writeFile(join(to, LAYOUT_MARKER), JSON.stringify(LAYOUT_VERSION));
  const index: ImageIndex = existsSync(join(to, "index.json")) ? await readIndex(to) : { schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests: [] };
  // The tag moves to the new image; an untagged image is listed once.
  const refName = manifest.annotations?.[REF_NAME];
  const kept = index.manifests.filter((m) => (refName === undefined ? m.digest !== manifest.digest : m.annotations?.[REF_NAME] !== refName));
  const next = join(to, `.index.json.${process.pid}`);
  await writeFile(next, `${JSON.stringify({ ...index, manifests: [...kept, manifest] }, null, 2)}\n`);
  await rename(next, join(to, "index.json"));
}

async function copyBlob(from: string, to: string, blob: Descriptor): Promise<void> {
  const target = blobPath(to, blob.digest);
  const present = await stat(target).catch(() => undefined);
  if (present?.size === blob.size) return; // content-addressed: same digest and size, same bytes
  await mkdir(join(target, ".."), { recursive: true });
  await copyFile(blobPath(from, blob.digest), target);
}
