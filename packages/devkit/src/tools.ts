import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DevkitError } from "./errors";
import { exec } from "./exec";
import { lock } from "./lock";
import { DEFAULT_CACHE_DIR, DEVKIT_DIR } from "./paths";

/** The real CNB tools devkit drives, built from the pinned tools modules. */
export interface Tools {
  /** The lifecycle's multi-call binary: detector, builder, … by argv[0]. */
  lifecycle: string;
  launcher: string;
  /** Paketo go-build's executable (bin/run: detect and build by argv[0]). */
  goBuild: string;
}

interface ToolModule {
  /** Dir under packages/devkit/tools holding go.mod and go.sum: the pins. */
  name: string;
  packages: Record<string, string>;
}

const MODULES: ToolModule[] = [
  {
    name: "lifecycle",
    packages: { lifecycle: "github.com/buildpacks/lifecycle/cmd/lifecycle", launcher: "github.com/buildpacks/lifecycle/cmd/launcher" },
  },
  { name: "go-build", packages: { run: "github.com/paketo-buildpacks/go-build/run" } },
];

export interface EnsureToolsOptions {
  cacheDir?: string;
  log?: (line: string) => void;
}

/**
 * Builds the tools on first use and reuses them after: each module's binaries live in a
 * cache dir named by a hash of its pins and the Go version, so changing a pin rebuilds.
 * Safe to call from several processes at once (a lock dir serialises the build).
 */
export async function ensureTools(options: EnsureToolsOptions = {}): Promise<Tools> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const log = options.log ?? (() => {});
  const goVersion = await hostGoVersion();
  const dirs: Record<string, string> = {};
  for (const module of MODULES) dirs[module.name] = await ensureModule(module, cacheDir, goVersion, log);
  return {
    lifecycle: join(dirs.lifecycle as string, "lifecycle"),
    launcher: join(dirs.lifecycle as string, "launcher"),
    goBuild: join(dirs["go-build"] as string, "run"),
  };
}

/** `go version`'s output, or a clear error when Go is missing. */
export async function hostGoVersion(): Promise<string> {
  const result = await exec("go", ["version"]).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") {
      throw new DevkitError("Go is not installed or not on PATH", {
        where: `PATH=${process.env.PATH ?? ""}`,
        fix: "install Go (https://go.dev/dl/, 1.26 or newer) and put its bin directory on PATH; devkit builds the lifecycle and go-build with it",
      });
    }
    throw error;
  });
  if (result.code !== 0) throw new DevkitError("`go version` failed", { fix: "check your Go installation" }, result.output);
  return result.output.trim();
}

/** The host's GOROOT, which the go-dist stand-in provides to the build. */
export async function hostGoRoot(): Promise<string> {
  const result = await exec("go", ["env", "GOROOT"]);
  if (result.code !== 0) throw new DevkitError("`go env GOROOT` failed", { fix: "check your Go installation" }, result.output);
  return result.output.trim();
}

async function ensureModule(module: ToolModule, cacheDir: string, goVersion: string, log: (line: string) => void): Promise<string> {
  const moduleDir = join(DEVKIT_DIR, "tools", module.name);
  const pins = await Promise.all(["go.mod", "go.sum"].map((f) => readFile(join(moduleDir, f), "utf8")));
  const key = createHash("sha256").update(pins.join("\0")).update(goVersion).digest("hex").slice(0, 16);
  const outDir = join(cacheDir, "tools", `${module.name}-${key}`);
  const done = join(outDir, ".complete");
  if (existsSync(done)) return outDir;

  await mkdir(join(cacheDir, "tools"), { recursive: true });
  const release = await lock(`${outDir}.lock`);
  try {
    if (existsSync(done)) return outDir;
    log(`Building ${module.name} from its pinned Go module (first use; cached in ${outDir})`);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    for (const [binary, pkg] of Object.entries(module.packages)) {
      const build = () =>
        exec("go", ["build", "-trimpath", "-o", join(outDir, binary), pkg], {
          cwd: moduleDir,
          // Static binaries, built exactly from the pins whatever the caller's GOFLAGS say; no VCS
          // stamping (the tools module sits inside this repository's checkout, git or not).
          env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly -buildvcs=false", GOWORK: "off" },
        });
      let result = await build();
      if (result.code !== 0) {
        // A first build downloads a few hundred modules; one dropped download should not fail
        // a whole test run on a cold machine. What is already downloaded is not fetched again.
        log(`Building ${pkg} failed; trying once more. Go said:\n${result.output.trim()}`);
        result = await build();
      }
      if (result.code !== 0) {
        throw new DevkitError(
          `building ${pkg} failed`,
          { where: moduleDir, fix: "check that the Go module proxy is reachable (GOPROXY) and the pins in go.mod/go.sum are intact" },
          result.output,
        );
      }
    }
    await writeFile(done, `${goVersion}\n`);
    await pruneSiblings(outDir);
    return outDir;
  } finally {
    await release();
  }
}

/**
 * Removes what older pins (or an older Go) built, beside `keep`: `<name>-<key>` dirs of the same
 * name that are complete, and the buildpack dirs made from them. Nothing relies on them: a
 * checkout has one set of pins, and a build in flight holds its binaries open.
 */
export async function pruneSiblings(keep: string): Promise<string[]> {
  const name = basename(keep).replace(/-[0-9a-f]{16}$/, "");
  const parent = dirname(keep);
  const removed: string[] = [];
  for (const entry of await readdir(parent)) {
    const path = join(parent, entry);
    if (path === keep || !new RegExp(`^${name}-[0-9a-f]{16}$`).test(entry) || !existsSync(join(path, ".complete"))) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  // go-build's buildpack dirs (see goBuildBuildpack) are named `<tool dir>-<toml hash>`.
  const buildpacks = join(parent, "..", "buildpacks");
  for (const entry of await readdir(buildpacks).catch(() => [] as string[])) {
    if (entry.startsWith(`${name}-`) && !entry.startsWith(`${basename(keep)}-`)) {
      await rm(join(buildpacks, entry), { recursive: true, force: true });
      removed.push(join(buildpacks, entry));
    }
  }
  return removed;
}
