import type { BuildFunc, Buildpack, DetectFunc } from "@fnpacks/cnb";
import type { GoParserOptions } from "@fnpacks/go-detect";
import type { FunctionSignature } from "./signature";

/**
 * A signature's whole buildpack: the shared detect (go-detect reads the package) and build
 * (generate, then hand the target to go-build). `parser` says where the WASM files are: the
 * defaults resolve them from node_modules; the compiled executables pass bun's embedded paths.
 *
 * Each phase loads its own modules when it runs (require, which the bundler defers): one
 * executable serves both, and detect, which runs in every Go build, should not pay for
 * loading what only build uses (code generation, the go command, hashing).
 */
export function functionBuildpack<Shape extends string>(signature: FunctionSignature<Shape>, parser: GoParserOptions = {}): Buildpack {
  let detect: DetectFunc | undefined;
  let build: BuildFunc | undefined;
  return {
    detect: (context) => {
      if (!detect) {
        const { createDetect } = require("./detect") as typeof import("./detect");
        const { goDetectAnalyzer } = require("./go-detect-analyzer") as typeof import("./go-detect-analyzer");
        detect = createDetect(signature, goDetectAnalyzer(parser));
      }
      return detect(context);
    },
    build: (context) => {
      build ??= (require("./build") as typeof import("./build")).createBuild(signature);
      return build(context);
    },
  };
}
