import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { goArch } from "../context";
import { type Arch, compileBuildpack } from "./compile";

/**
 * Prints each buildpack's shipped size (raw and gzip) and start-up time (bin/detect on an
 * empty dir, median of RUNS). Measured, never asserted: targets are ≤ 32 MB gzip, ≤ 60 ms.
 * Usage: node dist/compile/bench.js [buildpack-dir...] (default: every built buildpack in the
 * repo, plus the cnb sample compiled afresh).
 */
const RUNS = 15;

async function main(): Promise<void> {
  const repo = resolve(__dirname, "..", "..", "..", "..");
  const scratch = await mkdtemp(join(tmpdir(), "fnpacks-bench-"));
  try {
    const dirs = process.argv.slice(2);
    if (dirs.length === 0) {
      dirs.push(...builtBuildpacks(repo));
      const sample = await compileBuildpack({
        packageDir: join(__dirname, "..", "..", "test", "sample-buildpack"),
        entry: "src/main.ts",
        outDir: join(scratch, "sample"),
        arches: [goArch(process.arch) as Arch],
      });
      dirs.push(sample.hostBuildpack);
    }
    const emptyApp = join(scratch, "empty-app");
    spawnSync("mkdir", ["-p", emptyApp, join(scratch, "platform")]);
    console.log("| buildpack | raw MB | gzip MB | detect start-up, median ms (empty dir) |");
    console.log("|---|---|---|---|");
    for (const dir of dirs) {
      const binary = join(dir, "bin", "run");
      const raw = statSync(binary).size;
      const gzip = gzipSync(readFileSync(binary), { level: 6 }).length;
      const median = medianStartup(join(dir, "bin", "detect"), emptyApp, scratch);
      console.log(`| ${dir.replace(`${repo}/`, "")} | ${mb(raw)} | ${mb(gzip)} | ${median.toFixed(1)} |`);
    }
    console.log(`\nmachine: ${process.arch}, ${require("node:os").cpus().length} cores; ${RUNS} runs each; targets ≤ 32 MB gzip, ≤ 60 ms`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function builtBuildpacks(repo: string): string[] {
  const packages = join(repo, "packages");
  return require("node:fs")
    .readdirSync(packages)
    .map((name: string) => join(packages, name, "dist", "buildpack"))
    .filter((dir: string) => existsSync(join(dir, "bin", "run")));
}

function medianStartup(detect: string, app: string, scratch: string): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    spawnSync(detect, [], {
      cwd: app,
      env: { PATH: "/usr/bin:/bin", CNB_PLATFORM_DIR: join(scratch, "platform"), CNB_BUILD_PLAN_PATH: join(scratch, "plan.toml") },
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
