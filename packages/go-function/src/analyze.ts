import type { Equivalence, ImportFacts, SignatureSpec } from "@fnpacks/go-detect";
import type { NearMiss } from "./near-misses";
import type { PlannedCandidate } from "./plan";
import type { RefusedRegistration, RegistrationForm } from "./registered";
import type { RefusedMatch, Vet } from "./vet";

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
  /** The registration calls the signature serves (FunctionSignature.registrations); empty for none. */
  registrations: readonly RegistrationForm[];
  /** The signature's kind, for the registrations it does not serve. */
  kind: string;
  /** The signature's closer look at each match (FunctionSignature.vet); the analyzer then reads type declarations. */
  vet?: Vet;
  /** Where debug lines go; absent when debug logging is off, so no line is even built. */
  debug?: (message: string) => void;
}

/** The function package, as far as detection cares. */
export interface AnalyzedPackage {
  modulePath: string;
  importPath: string;
  isMain: boolean;
  /** `package main` only: whether it declares func main (an application) or not (neither that nor a function). */
  declaresMain?: boolean;
  /** Module paths go.mod requires. */
  requiredModules: string[];
  /** Import paths the package's files import. */
  imports: string[];
  /**
   * Every function matching one of the specs (`shape` is the spec's id), and every function
   * registered in init() by a call the signature serves (`registered` set, named by its registered name).
   */
  candidates: PlannedCandidate[];
  /** Registration calls of the signature's frameworks that yield no candidate, with why. */
  refusedRegistrations?: RefusedRegistration[];
  /** Matches of the specs the signature's vet refused, with why. */
  refusedMatches?: RefusedMatch[];
  /** Declarations that came close to the signature's shapes, nearest first (see near-misses.ts); worked out when asked. */
  nearMisses?: () => NearMiss[];
}

export type Analysis = { kind: "not-a-package"; reason: string } | { kind: "package"; pkg: AnalyzedPackage };

/** Reads the package and matches the specs: go-detect in production, injected in unit tests. */
export type Analyze = (request: AnalyzeRequest) => Promise<Analysis>;
