import type { Equivalence, ImportFacts, SignatureSpec } from "@fnpacks/go-detect";
import type { PlannedCandidate } from "./plan";

export interface AnalyzeRequest {
  appDir: string;
  /** Relative to appDir. */
  packageDir: string;
  /** The target the app is built for: build constraints are evaluated for linux/goarch. */
  goarch: string;
  specs: SignatureSpec[];
  equivalences: readonly Equivalence[];
  importFacts: ImportFacts;
  /** Modules go.mod must require: an analyzer may stop right after go.mod when one is missing. */
  requiredModules: readonly string[];
  debug: (message: string) => void;
}

/** The function package, as far as detection cares. */
export interface AnalyzedPackage {
  modulePath: string;
  importPath: string;
  isMain: boolean;
  /** Module paths go.mod requires. */
  requiredModules: string[];
  /** Import paths the package's files import. */
  imports: string[];
  /** Every function matching one of the specs; `shape` is the spec's id. */
  candidates: PlannedCandidate[];
}

export type Analysis = { kind: "not-a-package"; reason: string } | { kind: "package"; pkg: AnalyzedPackage };

/** Reads the package and matches the specs: go-detect in production, injected in unit tests. */
export type Analyze = (request: AnalyzeRequest) => Promise<Analysis>;
