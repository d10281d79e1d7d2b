// Run by bun, not Node (compile.ts starts it): bundles a buildpack's entry and compiles it into
// one self-contained executable with Bun.build, which, unlike the `bun build` command line,
// takes plugins. Usage: bun bun-build.js '{"entry":…,"outfile":…,"target":"bun-linux-x64"}'

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CompiledBuildpackToml } from "../buildpack-info";

/** What this script needs of bun's API (the package's types are not a dependency). */
declare const Bun: {
  build(config: {
    entrypoints: string[];
    compile?: { target: string; outfile: string; autoloadDotenv: boolean; autoloadBunfig: boolean; autoloadTsconfig: boolean; autoloadPackageJson: boolean };
    outdir?: string;
    target?: "bun";
    format: "cjs";
    bytecode: boolean;
    minify: boolean;
    plugins: BunPlugin[];
    define: Record<string, string>;
  }): Promise<{ success: boolean; logs: unknown[] }>;
  file(path: string): { text(): Promise<string> };
  resolveSync(specifier: string, from: string): string;
};

interface BunPlugin {
  name: string;
  setup(build: {
    onLoad(options: { filter: RegExp }, load: (args: { path: string }) => Promise<{ contents: string; loader: "js" }>): void;
    onResolve(options: { filter: RegExp }, resolve: (args: { path: string; importer: string }) => { path: string } | undefined): void;
  }): void;
}

export interface BunBuildRequest {
  entry: string;
  outfile: string;
  /**
   * Bundle only, into this dir (main.js beside the WASM files), as the executable would hold
   * it but readable: for the test that watches what a detect loads.
   */
  bundleDir?: string;
  /** bun's compile target, e.g. bun-linux-x64. */
  target: string;
  /** The buildpack.toml the executable ships with: defined as FNPACKS_COMPILED_BUILDPACK (see buildpack-info.ts). */
  buildpack?: CompiledBuildpackToml;
}

/**
 * Rewrites of third-party code that cost every run of the executable at start-up, each with
 * the text it replaces and what replaces it; the build fails if the text is gone (a new
 * version of the package), so that the rewrite is looked at again rather than silently lost.
 */
export const STARTUP_REWRITES = [
  {
    // @iarna/toml looks up util.inspect.custom through a direct eval of require('util'): that
    // loads node:util (about 5 ms) in every detect. The symbol is a registered one, the same
    // value without util.
    file: /[\\/]@iarna[\\/]toml[\\/]lib[\\/]toml-parser\.js$/,
    from: `eval("require('util').inspect")`,
    to: `{ custom: Symbol.for("nodejs.util.inspect.custom") }`,
  },
  {
    // web-tree-sitter's emscripten glue takes bun for Node and loads node:fs and node:path when
    // the parser starts (half a bun hello world's start-up), though it reads no file: go-detect
    // hands it the WASM bytes. fs is loaded only if it ever does read one.
    file: /[\\/]web-tree-sitter[\\/]tree-sitter\.cjs$/,
    from: `var fs = require("fs");\n          var nodePath = require("path");`,
    to: `var fs = { readFileSync: (...args) => require("fs").readFileSync(...args) };`,
  },
] as const;

/** Applies the rewrite to a file's text; throws if the text to replace is not there. */
export function rewrite(text: string, path: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`${path} no longer contains ${from}: check the start-up rewrite in bun-build.ts`);
  return text.replace(from, to);
}

const startupRewrites: BunPlugin = {
  name: "fnpacks-startup-rewrites",
  setup(build) {
    for (const { file, from, to } of STARTUP_REWRITES) {
      build.onLoad({ filter: file }, async ({ path }) => ({ contents: rewrite(await Bun.file(path).text(), path, from, to), loader: "js" }));
    }
  },
};

/**
 * The workspace's packages (@fnpacks/…) from their TypeScript sources rather than tsc's
 * CommonJS in dist/: the bundler sees ES modules, so it keeps only what the entry uses of a
 * package marked "sideEffects": false, and a module reached only through a require() inside
 * a function (a phase's own code, see go-function's buildpack.ts) is evaluated when that
 * function first runs, not at every start.
 */
const workspaceSources: BunPlugin = {
  name: "fnpacks-workspace-sources",
  setup(build) {
    build.onResolve({ filter: /^@fnpacks\// }, ({ path, importer }) => {
      const compiled = Bun.resolveSync(path, dirname(importer));
      const source = sourceOf(compiled);
      return source === undefined ? undefined : { path: source };
    });
  },
};

/** `<package>/src/x.ts` for tsc's `<package>/dist/x.js`, when that source exists. */
export function sourceOf(compiled: string): string | undefined {
  const match = /^(.*)[\\/]dist[\\/](.+)\.js$/.exec(compiled);
  if (!match || /[\\/]node_modules[\\/]/.test(compiled)) return undefined;
  const source = join(match[1] as string, "src", `${match[2]}.ts`);
  return existsSync(source) ? source : undefined;
}

/**
 * What a compiled executable reads from its working directory at start-up unless told not to:
 * bun's standalone executables load .env and bunfig.toml from there by default. A buildpack
 * runs in the app dir, so the app would set our environment and, through bunfig.toml's
 * preload, run its own code inside the buildpack. None of it is loaded.
 */
export const NO_AUTOLOAD = { autoloadDotenv: false, autoloadBunfig: false, autoloadTsconfig: false, autoloadPackageJson: false } as const;

/**
 * bytecode: the bundle is compiled to JSC bytecode at build time, not parsed at each start.
 * CommonJS: a module reached only through a require() inside a function (a phase's own code,
 * node:fs/promises in go-codegen's writer) is evaluated when that runs; an ES module bundle
 * would hoist every node:* import to the top and load it at each start.
 */
async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? "") as BunBuildRequest;
  const output = request.bundleDir
    ? { outdir: request.bundleDir, target: "bun" as const, bytecode: false, minify: false }
    : { compile: { target: request.target, outfile: request.outfile, ...NO_AUTOLOAD }, bytecode: true, minify: true };
  const result = await Bun.build({
    entrypoints: [request.entry],
    ...output,
    format: "cjs",
    plugins: [workspaceSources, startupRewrites],
    define: request.buildpack ? { FNPACKS_COMPILED_BUILDPACK: JSON.stringify(request.buildpack) } : {},
  });
  if (!result.success) {
    for (const log of result.logs) process.stderr.write(`${String(log)}\n`);
    process.exit(1);
  }
}

if (typeof Bun !== "undefined" && require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
