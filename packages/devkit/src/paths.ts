import { join } from "node:path";

/** packages/devkit */
export const DEVKIT_DIR = join(__dirname, "..");
/** The repository root. */
export const REPO_ROOT = join(DEVKIT_DIR, "..", "..");
/** Built tools and their build cache: slow to make, never needed for correctness (ignored by git). */
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, ".cache", "devkit");
/** The composite order users build with. */
export const COMPOSITE_ORDER = join(REPO_ROOT, "order", "buildpack.toml");
export const GO_DIST_STANDIN_DIR = join(DEVKIT_DIR, "buildpacks", "go-dist-standin");
export const GO_BUILD_TOML = join(DEVKIT_DIR, "buildpacks", "go-build", "buildpack.toml");
/** The signature buildpacks `pnpm build` leaves ready in this repository. */
export const REPO_BUILDPACKS = ["http-fn", "cloudevents-fn"].map((name) => join(REPO_ROOT, "packages", name, "dist", "buildpack"));
