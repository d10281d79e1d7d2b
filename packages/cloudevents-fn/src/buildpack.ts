import type { Buildpack } from "@fnpacks/cnb";
import type { GoParserOptions } from "@fnpacks/go-detect";
import { createBuild, createDetect, goDetectAnalyzer } from "@fnpacks/go-function";
import { cloudEventsFunction } from "./signature";

/** The buildpack; the wasm paths differ between node (tests) and the compiled executable. */
export function createCloudEventsFunctionBuildpack(parser: GoParserOptions = {}): Buildpack {
  return { detect: createDetect(cloudEventsFunction, goDetectAnalyzer(parser)), build: createBuild(cloudEventsFunction) };
}
