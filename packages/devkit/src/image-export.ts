// The image a build leaves for the user (`fnpacks build --image <dir>`): the lifecycle's exporter
// writes it into the workspace's layout dir, and devkit adds it to the OCI image layout the user
// named, which any OCI tool can push (crane push <dir> <ref>, skopeo copy oci:<dir> docker://…).
// The user's dir is checked before the build starts, and nothing in it is ever deleted.
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { DevkitError } from "./errors";
import type { Lifecycle } from "./lifecycle";
import { addImage, layoutState, REF_NAME, readIndex } from "./oci-layout";
import { layoutPathFor, runImageTarget, type Target } from "./run-image";
import type { BuildWorkspace } from "./workspace";

/** The app image's name in the workspace's layout dir; in the user's layout, its tag is "latest". */
export const EXPORTED_IMAGE = "fnpacks-devkit/app";

export interface ExportedImage {
  /** The OCI image layout holding the image (the dir the user named, absolute). */
  dir: string;
  /** The image manifest's digest: what a registry will call the image once pushed. */
  digest: string;
  /** Its org.opencontainers.image.ref.name in the layout's index.json. */
  tag: string;
  exportOutput: string;
}

const DESTINATION_FIX = "pass a new or empty directory, or an OCI image layout to add the image to";

/**
 * Checks, before any build, that the image can be left at `dir`: a dir to make, an empty dir, or
 * an OCI image layout (the image is added to it) — and writable. Anything else is refused.
 */
export async function checkImageDestination(dir: string): Promise<string> {
  const destination = resolve(dir);
  const state = await layoutState(destination);
  if (state === "not-a-dir") {
    throw new DevkitError(`--image ${dir} is a file, not a directory`, { where: destination, fix: DESTINATION_FIX });
  }
  if (state === "not-a-layout") {
    throw new DevkitError(`--image ${dir} is not empty and is not an OCI image layout (it has no oci-layout file): devkit writes images only into a layout of its own`, {
      where: destination,
      fix: `${DESTINATION_FIX}; nothing in ${destination} was touched`,
    });
  }
  if (state === "layout") await readIndex(destination);
  const existing = state === "absent" ? await nearestExisting(destination) : destination;
  if ((await layoutState(existing)) === "not-a-dir") {
    throw new DevkitError(`--image ${dir} cannot be made: ${existing} is a file`, { where: existing, fix: DESTINATION_FIX });
  }
  await access(existing, constants.W_OK | constants.X_OK).catch(() => {
    throw new DevkitError(`--image ${dir}: ${existing} is not writable`, { where: existing, fix: `${DESTINATION_FIX} that you can write to` });
  });
  return destination;
}

/**
 * An image says which os/arch it runs on, and devkit's builds compile with the host's Go for the
 * host: an image for another arch would hold this machine's binaries under that arch's name.
 */
export function checkImageTarget(target: Target, host: Target = runImageTarget()): void {
  if (target.os !== host.os || target.arch !== host.arch) {
    throw new DevkitError(`--image with target ${target.os}/${target.arch}: devkit builds ${host.os}/${host.arch} binaries on this machine`, {
      fix: `leave out --arch to export a ${host.os}/${host.arch} image; build other platforms' images with pack or kpack on a real builder`,
    });
  }
}

async function nearestExisting(path: string): Promise<string> {
  let dir = path;
  while ((await layoutState(dir)) === "absent" && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Runs the exporter (the analyzer ran before detection) and adds the image it made to the
 * destination layout, which is made if absent.
 */
export async function exportImage(lifecycle: Lifecycle, workspace: BuildWorkspace, destination: string, log: (line: string) => void): Promise<ExportedImage> {
  const exportOutput = await lifecycle.export(EXPORTED_IMAGE);
  const exported = join(workspace.layout, layoutPathFor(EXPORTED_IMAGE));
  const [manifest, ...others] = (await readIndex(exported)).manifests;
  if (!manifest || others.length > 0) {
    throw new DevkitError(`the exporter left ${others.length + (manifest ? 1 : 0)} images in ${exported}, not one`, {
      where: exported,
      fix: "this is a lifecycle or devkit bug: build again with BP_LOG_LEVEL=DEBUG and report the output",
    });
  }
  await mkdir(destination, { recursive: true });
  await addImage(exported, manifest, destination);
  const tag = manifest.annotations?.[REF_NAME] ?? "";
  log(`devkit: image ${manifest.digest} (tag "${tag}") is in the OCI image layout ${destination}`);
  return { dir: destination, digest: manifest.digest, tag, exportOutput };
}

/**
 * The lifecycle names images in its layout dir by path, and checks those paths as image
 * references: the layout dir's path must be one (lowercase letters, digits, `_-./`).
 */
export function checkLayoutDir(layoutDir: string): void {
  if (!/^[a-z0-9_./-]+$/.test(layoutDir) || layoutDir.length > 200) {
    throw new DevkitError(`the work dir's layout dir ${layoutDir} is not a path the lifecycle accepts in an image reference`, {
      where: layoutDir,
      fix: "build in a dir whose path has only lowercase letters, digits and _-./ (set TMPDIR, or pass such a workDir), up to 200 characters long",
    });
  }
}
