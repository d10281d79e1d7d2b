// The run image, as far as devkit has one. devkit runs what it builds on this machine, so the
// run image is this machine's OS and an arch it can run: detection matches buildpacks'
// [[targets]] to it, so it is recorded as an analyzer would record a real run image.
//
// To export an image, the lifecycle needs a run image it can read: devkit makes a stand-in,
// clearly named, as an OCI layout where the lifecycle looks for it. Nothing is downloaded.
import { join } from "node:path";
import type { BuildUser } from "./build-user";
import { DevkitError } from "./errors";
import { type Descriptor, writeImageLayout } from "./oci-layout";
import { type TarEntry, tar } from "./tar";

export interface Target {
  os: string;
  arch: string;
}

/** The run image's target: linux and a Go arch, this machine's unless `given`. */
export function runImageTarget(given: Partial<Target> = {}): Target {
  const os = given.os ?? "linux";
  const arch = given.arch ?? (process.arch === "arm64" ? "arm64" : "amd64");
  if (os !== "linux" || !["amd64", "arm64"].includes(arch)) {
    throw new DevkitError(`target ${os}/${arch} is not one devkit builds for`, { fix: "use linux/amd64 or linux/arm64 (the default is this machine's)" });
  }
  return { os, arch };
}

/** analyzed.toml as the analyzer writes it for a run image with no reference (none is pulled). */
export function analyzedToml({ os, arch }: Target): string {
  return `[run-image]\n  reference = ""\n  [run-image.target]\n    os = "${os}"\n    arch = "${arch}"\n`;
}

/**
 * The run image devkit exports onto: not a real one (no OS files, no libc), and named so that
 * nobody takes it for one. It exists because the exporter builds the app image on a run image.
 */
export const RUN_STANDIN = "fnpacks-devkit/run-standin";

/** run.toml, as a builder image carries it in /cnb: the run image the analyzer picks. */
export function runToml(image = RUN_STANDIN): string {
  return `[[images]]\n  image = "${image}"\n`;
}

/**
 * Where the lifecycle keeps the image `ref` in its layout dir (imgutil's ParseRefToPath):
 * `<registry>/<repository>/<tag>`. Only the Docker Hub-style names devkit itself uses.
 */
export function layoutPathFor(ref: string): string {
  const match = /^([a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)?)(?::([A-Za-z0-9_][A-Za-z0-9._-]*))?$/.exec(ref);
  if (!match?.[1]) throw new Error(`${ref} is not an image name devkit lays out (name or namespace/name, with an optional tag)`);
  const repository = match[1].includes("/") ? match[1] : `library/${match[1]}`;
  return join("index.docker.io", repository, match[2] ?? "latest");
}

/**
 * The stand-in's only layer: the users the image runs as (root, and the build's user, whom the
 * exporter makes the owner of the app and layers), /home/cnb and /tmp.
 */
export function runStandinLayer({ uid, gid }: BuildUser): Buffer {
  const entries: TarEntry[] = [
    { path: "etc", type: "dir", mode: 0o755 },
    { path: "etc/passwd", type: "file", mode: 0o644, content: `root:x:0:0:root:/root:/sbin/nologin\ncnb:x:${uid}:${gid}:cnb:/home/cnb:/sbin/nologin\n` },
    { path: "etc/group", type: "file", mode: 0o644, content: `root:x:0:\ncnb:x:${gid}:\n` },
    { path: "home", type: "dir", mode: 0o755 },
    { path: "home/cnb", type: "dir", mode: 0o755, uid, gid },
    { path: "tmp", type: "dir", mode: 0o1777 },
  ];
  return tar(entries);
}

/**
 * Writes the stand-in as an OCI layout under `layoutDir`, at the path the lifecycle derives from
 * its name. The analyzer reads its target from the config (os, architecture, and the
 * `io.buildpacks.base.*` labels); the exporter takes its layers, env (PATH) and user.
 */
export async function writeRunStandin(layoutDir: string, target: Target, user: BuildUser): Promise<Descriptor> {
  const created = "1980-01-01T00:00:01Z";
  return writeImageLayout(join(layoutDir, layoutPathFor(RUN_STANDIN)), {
    refName: "latest",
    layers: [runStandinLayer(user)],
    config: {
      architecture: target.arch,
      os: target.os,
      created,
      config: {
        User: `${user.uid}:${user.gid}`,
        Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        Labels: {
          "io.buildpacks.base.id": RUN_STANDIN,
          "io.buildpacks.base.description":
            "fnpacks devkit's stand-in run image: /etc/passwd, /etc/group, /home/cnb and /tmp, no OS files (no libc); not for production",
        },
      },
      history: [{ created, created_by: `${RUN_STANDIN}: users and /tmp` }],
    },
  });
}
