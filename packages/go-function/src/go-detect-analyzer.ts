import {
  analyzeFunctionPackage,
  createGoParser,
  type FunctionPackageAnalysis,
  GoModError,
  type GoParser,
  type GoParserOptions,
  matchCandidates,
} from "@fnpacks/go-detect";
import type { Analysis, Analyze } from "./analyze";

/**
 * The production Analyze: go-detect reads go.mod and the package (for linux and the target
 * arch) and matches the signature's specs. The parser is created on first use: loading the
 * WASM grammar is the slow part, and a detect that fails early never needs it.
 */
export function goDetectAnalyzer(parserOptions: GoParserOptions = {}): Analyze {
  let parser: Promise<GoParser> | undefined;
  return async ({ appDir, packageDir, goarch, specs, equivalences, debug }): Promise<Analysis> => {
    if (!parser) parser = createGoParser(parserOptions);
    const goParser = await parser;
    let analysis: FunctionPackageAnalysis;
    try {
      analysis = analyzeFunctionPackage({ appDir, packageDir, goarch, parser: goParser, debug });
    } catch (error) {
      // An unusable go.mod is the plain Go build's to report: this is not a function we can build.
      if (error instanceof GoModError) return { kind: "not-a-package", reason: error.message };
      throw error;
    }
    if (analysis.kind === "not-a-package") return { kind: "not-a-package", reason: analysis.reason };
    for (const diagnostic of analysis.diagnostics) {
      debug(`${diagnostic.severity}: ${diagnostic.file ? `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ""}: ` : ""}${diagnostic.message}`);
    }
    const { goMod } = analysis;
    return {
      kind: "package",
      pkg: {
        modulePath: goMod.modulePath,
        importPath: analysis.importPath,
        isMain: analysis.isMain,
        requiredModules: goMod.requires.map((r) => r.path),
        imports: [...new Set(analysis.files.flatMap((file) => file.imports.map((i) => i.path)))],
        ...(goMod.vendor.present ? { vendoredPackages: goMod.vendor.packages } : {}),
        candidates: matchCandidates(analysis.pkg, specs, equivalences).map((c) => ({
          name: c.name,
          shape: c.specId,
          position: c.position,
          signature: c.signature,
        })),
      },
    };
  };
}
