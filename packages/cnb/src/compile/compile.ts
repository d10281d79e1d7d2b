import { execFile } from "node:child_process";
import { chmod, copyFile, link, mkdir, readFile, rm, symlink } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { promisify } from "node:util";
import { goArch } from "../context";
import { parseToml, type TomlTable } from "../toml";
import type { CompiledBuildpackToml } from "../buildpack-info";
import type { BunBuildRequest } from "./bun-build";

const execFileAsync = promisify(execFile);

export type Arch = "amd64" | "arm64";
export const ALL_ARCHES: Arch[] = ["amd64", "arm64"];

export interface CompileOptions {
  /** The buildpack package: holds buildpack.toml and package.json. */
  packageDir: string;
  /** The TypeScript entry that calls `run()`, relative to packageDir. */
  entry: string;
  /** Where to lay out the result; defaults to `<packageDir>/dist`. */
  outDir?: string;
  arches?: Arch[];
  /** Runs bun; injected by tests. */
  bun?: (args: string[], cwd: string) => Promise<void>;
}

export interface CompileResult {
  /** `<outDir>/buildpack`: buildpack.toml + bin/ for this machine's arch, ready for a lifecycle. */
  hostBuildpack: string;
  /** `<outDir>/targets`: buildpack.toml + linux/<arch>/bin/ per target, for `pack buildpack package`. */
  multiTarget: string;
}

/**
 * Compiles a buildpack into self-contained executables (bun --compile: no Node.js needed in
 * the build image) and lays them out the way the lifecycle and pack expect. One binary per
 * target, `bin/run`; `bin/detect` and `bin/build` are symlinks to it, and `run()` dispatches on
 * the name it was invoked by — the layout Paketo's buildpacks use.
 */
export async function compileBuildpack(options: CompileOptions): Promise<CompileResult> {
  const outDir = options.outDir ?? join(options.packageDir, "dist");
  const arches = options.arches ?? ALL_ARCHES;
  const bun = options.bun ?? runBun;
  const buildpackToml = join(options.packageDir, "buildpack.toml");
  const compiledWith = await checkVersions(options.packageDir, buildpackToml);

  const multiTarget = join(outDir, "targets");
  await rm(multiTarget, { recursive: true, force: true });
  await mkdir(multiTarget, { recursive: true });
  await copyFile(buildpackToml, join(multiTarget, "buildpack.toml"));
  for (const arch of arches) {
    const binDir = join(multiTarget, "linux", arch, "bin");
    await mkdir(binDir, { recursive: true });
    await bun(bunArgs(options.entry, join(binDir, "run"), arch, compiledWith), options.packageDir);
    await linkPhases(binDir);
  }

  const hostArch = goArch(process.arch) as Arch;
  const hostBuildpack = join(outDir, "buildpack");
  await rm(hostBuildpack, { recursive: true, force: true });
  if (arches.includes(hostArch)) {
    await mkdir(join(hostBuildpack, "bin"), { recursive: true });
    await copyFile(buildpackToml, join(hostBuildpack, "buildpack.toml"));
    await hardlinkOrCopy(join(multiTarget, "linux", hostArch, "bin", "run"), join(hostBuildpack, "bin", "run"));
    await linkPhases(join(hostBuildpack, "bin"));
  }
  return { hostBuildpack, multiTarget };
}

/**
 * bun runs bun-build.js, which compiles with Bun.build (plugins, unlike the command line).
 * `buildpack`: the buildpack.toml the executable ships with, for readBuildpackInfo.
 */
export function bunArgs(entry: string, outfile: string, arch: Arch, buildpack?: CompiledBuildpackToml, bundleDir?: string): string[] {
  const request: BunBuildRequest = {
    entry,
    outfile,
    target: `bun-linux-${arch === "amd64" ? "x64" : "arm64"}`,
    ...(buildpack ? { buildpack } : {}),
    ...(bundleDir ? { bundleDir } : {}),
  };
  // bun-build.ts beside compile.ts (tests run the sources), bun-build.js beside compile.js.
  return [join(__dirname, `bun-build${extname(__filename)}`), JSON.stringify(request)];
}

/**
 * The JavaScript the buildpack's executable would hold, bundled the same way (plugins, start-up
 * rewrites, the buildpack.toml it ships with) but not compiled: `<bundleDir>/<entry>.js`, for
 * tests that run it under bun and watch what a phase loads.
 */
export async function bundleBuildpack(options: Omit<CompileOptions, "outDir" | "arches"> & { bundleDir: string }): Promise<string> {
  const compiledWith = await checkVersions(options.packageDir, join(options.packageDir, "buildpack.toml"));
  await (options.bun ?? runBun)(bunArgs(options.entry, "", goArch(process.arch) as Arch, compiledWith, options.bundleDir), options.packageDir);
  return join(options.bundleDir, `${basename(options.entry, extname(options.entry))}.js`);
}

/** buildpack.toml and package.json must agree on the version: one is bumped with the other. Returns buildpack.toml as read. */
async function checkVersions(packageDir: string, buildpackToml: string): Promise<CompiledBuildpackToml> {
  const pkg = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version?: string };
  const text = await readFile(buildpackToml, "utf8");
  const table = parseToml(text).buildpack as TomlTable | undefined;
  if (table?.version !== pkg.version) {
    throw new Error(
      `${buildpackToml} has version ${String(table?.version)} but package.json has ${String(pkg.version)}: bump both together`,
    );
  }
  return { text, buildpack: table };
}

async function linkPhases(binDir: string): Promise<void> {
  await chmod(join(binDir, "run"), 0o755);
  for (const phase of ["detect", "build"]) {
    await rm(join(binDir, phase), { force: true });
    await symlink("run", join(binDir, phase));
  }
}

async function hardlinkOrCopy(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await link(from, to).catch(() => copyFile(from, to));
}

async function runBun(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync(bunExecutable(), args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`bun ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}

/** The bun binary from its platform package (pnpm runs no postinstall that would link it). */
export function bunExecutable(): string {
  const bunDir = dirname(require.resolve("bun/package.json"));
  const platformPackage = `@oven/bun-${process.platform}-${process.arch === "arm64" ? "aarch64" : process.arch}`;
  return require.resolve(`${platformPackage}/bin/bun`, { paths: [bunDir] });
}
