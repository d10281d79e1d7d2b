import type { Buildpack } from "@fnpacks/cnb";
import type { GoParserOptions } from "@fnpacks/go-detect";
import { createBuild } from "./build";
import { createDetect } from "./detect";
import { goDetectAnalyzer } from "./go-detect-analyzer";
import type { FunctionSignature } from "./signature";

/**
 * A signature's whole buildpack: the shared detect (go-detect reads the package) and build
 * (generate, then hand the target to go-build). `parser` says where the WASM files are: the
 * defaults resolve them from node_modules; the compiled executables pass bun's embedded paths.
 */
export function functionBuildpack<Shape extends string>(signature: FunctionSignature<Shape>, parser: GoParserOptions = {}): Buildpack {
  return { detect: createDetect(signature, goDetectAnalyzer(parser)), build: createBuild(signature) };
}
