// The run image, as far as devkit has one: devkit runs what it builds on this machine, so the
// run image is this machine's OS and an arch it can run. Detection matches buildpacks'
// [[targets]] to it, so it is recorded as an analyzer would record a real run image.
import { DevkitError } from "./errors";

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
