// The build's workspace: one work dir holding everything a lifecycle run reads and writes, laid
// out as a platform mounts it into a build container (the app, layers, platform, buildpacks),
// plus the files devkit hands between phases. Removing the work dir removes the build.
import { cp, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";

export interface BuildWorkspace {
  /** The work dir itself. */
  root: string;
  /** The build's copy of the app (go-build deletes the sources it builds). */
  app: string;
  layers: string;
  /** Platform env files live in its env/ (see platform-env.ts). */
  platform: string;
  /** Buildpacks as the lifecycle looks them up: `<id with / as _>/<version>`. */
  buildpacks: string;
  /** HOME for the lifecycle and the app: the build user has none of its own here. */
  home: string;
  /** Copies of what the build user cannot reach where it is (made only when needed). */
  copies: string;
  /** order.toml, which the detector reads. */
  order: string;
  /** group.toml and plan.toml: the detector writes them, the builder reads them. */
  group: string;
  plan: string;
  /** analyzed.toml: what an analyzer would record of the run image (see run-image.ts). */
  analyzed: string;
  /** The OCI layout dir the analyzer and exporter work on: the run image, the exported image. */
  layout: string;
  /** run.toml: which run image the analyzer picks (a builder image's /cnb/run.toml). */
  run: string;
  /** report.toml, which the exporter writes. */
  report: string;
}

/** Where everything is in a workspace rooted at `root`; nothing is made. */
export function workspaceAt(root: string): BuildWorkspace {
  const layers = join(root, "layers");
  return {
    root,
    app: join(root, "workspace"),
    layers,
    platform: join(root, "platform"),
    buildpacks: join(root, "buildpacks"),
    home: join(root, "home"),
    copies: join(root, "copies"),
    order: join(root, "order.toml"),
    group: join(layers, "group.toml"),
    plan: join(layers, "plan.toml"),
    analyzed: join(layers, "analyzed.toml"),
    layout: join(root, "layout"),
    run: join(root, "run.toml"),
    report: join(layers, "report.toml"),
  };
}

/** Makes the workspace's dirs under `root` and copies the app into it. */
export async function createWorkspace(root: string, appDir: string): Promise<BuildWorkspace> {
  const workspace = workspaceAt(root);
  for (const dir of [workspace.app, workspace.layers, workspace.platform, workspace.buildpacks, workspace.home]) await mkdir(dir, { recursive: true });
  await cp(resolve(appDir), workspace.app, { recursive: true });
  return workspace;
}
