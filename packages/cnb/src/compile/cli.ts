#!/usr/bin/env node
import { parseArgs } from "node:util";
import { ALL_ARCHES, type Arch, compileBuildpack } from "./compile";

/** `fnpacks-compile-buildpack <entry.ts>`: run from a buildpack package by its build script. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { arch: { type: "string", multiple: true }, out: { type: "string" } },
  });
  const entry = positionals[0];
  if (!entry) throw new Error("usage: fnpacks-compile-buildpack <entry.ts> [--arch amd64|arm64]... [--out dir]");
  const arches = (values.arch ?? process.env.FNPACKS_ARCHES?.split(",") ?? ALL_ARCHES) as Arch[];
  for (const arch of arches) {
    if (!ALL_ARCHES.includes(arch)) throw new Error(`unknown arch ${arch}: use ${ALL_ARCHES.join(" or ")}`);
  }
  const result = await compileBuildpack({ packageDir: process.cwd(), entry, arches, ...(values.out ? { outDir: values.out } : {}) });
  process.stdout.write(`buildpack (this machine): ${result.hostBuildpack}\nall targets: ${result.multiTarget}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
