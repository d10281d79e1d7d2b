import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** packages/devkit */
export const DEVKIT_DIR = join(__dirname, "..");
/** The repository root. */
export const REPO_ROOT = join(DEVKIT_DIR, "..", "..");
/** Built tools and their build cache: slow to make, never needed for correctness (ignored by git). */
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, ".cache", "devkit");
/** The composite order users build with. */
export const COMPOSITE_ORDER = join(REPO_ROOT, "order", "buildpack.toml");
/** devkit's stand-ins for the Paketo members the Go module proxy here refuses (see order.ts STANDINS). */
export const GO_DIST_STANDIN_DIR = join(DEVKIT_DIR, "buildpacks", "go-dist-standin");
export const GO_MOD_VENDOR_STANDIN_DIR = join(DEVKIT_DIR, "buildpacks", "go-mod-vendor-standin");
/** Our buildpack.toml for go-build, beside the module that pins it (Paketo writes its own when packaging). */
export const GO_BUILD_TOML = join(DEVKIT_DIR, "tools", "go-build", "buildpack.toml");
/**
 * Where `pnpm build` leaves this repository's buildpacks: `packages/<pkg>/dist/buildpack` for
 * every package with a buildpack.toml of its own (so a new signature package is found as is).
 */
export function repoBuildpacks(root = REPO_ROOT): string[] {
  const packages = join(root, "packages");
  const names = existsSync(packages) ? readdirSync(packages).sort() : [];
  return names.filter((name) => existsSync(join(packages, name, "buildpack.toml"))).map((name) => join(packages, name, "dist", "buildpack"));
}
