#!/usr/bin/env node
// `pnpm package`: .cnb buildpackages of the signature buildpacks, one per target
// (linux/amd64, linux/arm64), made by the real `pack buildpack package --format file`, which
// needs no Docker daemon for local sources. pack is built from its Go module as pinned in
// packages/devkit/tools/pack (Go's build cache makes later builds quick).
//
// The composite (order/) references Paketo's buildpacks by image: packaging it needs registry
// access, so it is published from a connected machine with order/package.toml.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const out = join(root, "dist", "cnb");
// The buildpacks `pnpm build` made, found and read the way devkit finds them.
const { readBuildpack, repoBuildpacks } = createRequire(import.meta.url)(join(root, "packages", "devkit", "dist", "index.js"));

const pack = join(root, ".cache", "tools", "pack");
execFileSync("go", ["build", "-trimpath", "-o", pack, "github.com/buildpacks/pack"], {
  cwd: join(root, "packages", "devkit", "tools", "pack"),
  env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly", GOWORK: "off" },
  stdio: "inherit",
});

mkdirSync(out, { recursive: true });
// pack keeps its config in PACK_HOME; a throwaway one leaves the user's alone.
const packHome = mkdtempSync(join(tmpdir(), "fnpacks-pack-home-"));
try {
  for (const built of repoBuildpacks(root)) {
    const targets = join(built, "..", "targets");
    const { id, version } = await readBuildpack(targets);
    const file = join(out, `${id.split("/").pop()}-${version}.cnb`);
    execFileSync(
      pack,
      ["buildpack", "package", file, "--path", targets, "--format", "file", "--target", "linux/amd64", "--target", "linux/arm64", "--no-color"],
      { env: { ...process.env, PACK_HOME: packHome }, stdio: "inherit" },
    );
  }
} finally {
  rmSync(packHome, { recursive: true, force: true });
}
console.log(`buildpackages in ${out}`);
