import type { FunctionTarget, GeneratedPackage } from "@fnpacks/go-codegen";
import type { Equivalence, FuncShape, ImportFacts, SignatureSpec } from "@fnpacks/go-detect";
import type { AnalyzedPackage } from "./analyze";
import type { PlannedCandidate } from "./plan";
import type { RegistrationForm } from "./registered";
import type { CandidateSelection } from "./selection";
import type { Vet } from "./vet";

/** A function build serves, as generate gets it. */
export interface ChosenFunction<Shape extends string = string> {
  target: FunctionTarget;
  shape: Shape;
  /** What the signature's `vet` kept of the match for build, if anything. */
  details?: Readonly<Record<string, string>>;
}

/**
 * What a signature buildpack contributes; the detect and build flow around it is shared.
 * Adding a signature means writing one of these, a buildpack.toml and a one-line main.ts
 * (see docs/adding-a-signature.md).
 */
export interface FunctionSignature<Shape extends string = string> {
  /** The plan entry the buildpack provides and requires, so no other buildpack satisfies it. */
  planName: string;
  /** What the user wrote, for logs and errors, e.g. "HTTP function". */
  kind: string;
  /** The accepted shapes in go-detect's terms; each spec's id is a Shape. */
  specs: Array<SignatureSpec & { id: Shape }>;
  /**
   * The shapes an instance's Handle method may have, for Knative Functions' instanced form
   * (`func New() *T` with Handle and optional Start, Stop, Ready, Alive; see instanced.ts).
   * Omitted: the signature has no instanced form.
   */
  instanceHandles?: ReadonlyArray<FuncShape & { id: Shape }>;
  /**
   * The registration calls in `init()` whose functions this signature serves, e.g. the
   * Functions Framework's `functions.HTTP("Name", fn)` (see registered.ts). A package that
   * makes any registration call of these forms' frameworks is served through its
   * registrations only, under the registered names, exported or not. Omitted: none.
   */
  registrations?: ReadonlyArray<RegistrationForm<Shape>>;
  /** Types to treat as one, e.g. an SDK's aliases of one type. */
  equivalences?: readonly Equivalence[];
  /** What go-detect needs to know of the SDK's packages: names that differ from their path, dot-importable types. */
  importFacts?: ImportFacts;
  /**
   * Narrows the matches when the user did not name one (BP_FUNCTION_NAME), e.g. to drop shapes
   * that match too much code when a more specific candidate exists.
   */
  narrow?(candidates: PlannedCandidate[], pkg: AnalyzedPackage): PlannedCandidate[];
  /**
   * Packages the generated server imports beyond the standard library, the runtime and the
   * user's package (e.g. an SDK's client). Build asks `go` whether the user's module provides
   * them (fnpacks never edits go.mod, go.sum or vendor/) and stops with the fix if not.
   */
  adapterImports?: readonly string[];
  /** Modules the user's go.mod must require for this signature to apply at all. */
  requiredModules?: string[];
  /** How many functions a build serves and what BP_FUNCTION_NAME means; default ONE_FUNCTION. */
  selection?: CandidateSelection;
  /**
   * A closer look at each match of the specs than its shape, with everything go-detect read of
   * the package (`match.bindings` for wildcards, doc comments, declared types: with this hook
   * detect reads type declarations). `{ refused: why }`: no candidate (a near miss, logged, and
   * named when nothing is left to serve); `{ details }`: strings kept in the plan with the
   * candidate and handed to generate (see vet.ts). Omitted: every match is a candidate.
   */
  vet?: Vet;
  /**
   * The server package around the chosen functions: exactly one unless `selection` serves
   * "all" (see `generateOne` for a generator of one).
   */
  generate(chosen: ReadonlyArray<ChosenFunction<Shape>>): GeneratedPackage;
}

/** A generator of one function as FunctionSignature.generate, for signatures that serve one. */
export function generateOne<Shape extends string>(
  generator: (target: FunctionTarget, shape: Shape) => GeneratedPackage,
): FunctionSignature<Shape>["generate"] {
  return (chosen) => {
    const [only, ...more] = chosen;
    if (only === undefined || more.length > 0) throw new Error(`this generator serves one function, not ${chosen.length}`);
    return generator(only.target, only.shape);
  };
}
