import type { BuildFunc, Buildpack, DetectFunc } from "@fnpacks/cnb";
import type { GoParserOptions } from "@fnpacks/go-detect";
import type { RegisteredSignature } from "./registry";

/**
 * The explainer as a buildpack. `signatures` is called by build only: the compiled executable
 * passes the generated registry (every signature package, with its generator code), which
 * detect — run in every Go build — never loads. Each phase loads its own modules when it runs.
 */
export function explainerBuildpack(signatures: () => readonly RegisteredSignature[], parser: GoParserOptions = {}): Buildpack {
  let detect: DetectFunc | undefined;
  let build: BuildFunc | undefined;
  return {
    detect: (context) => {
      detect ??= (require("./detect") as typeof import("./detect")).createExplainerDetect();
      return detect(context);
    },
    build: (context) => {
      build ??= (require("./build") as typeof import("./build")).createExplainerBuild(signatures, parser);
      return build(context);
    },
  };
}
