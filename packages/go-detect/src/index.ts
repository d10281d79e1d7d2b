// The public API: what the signature packages and the shared flow use. Everything else is
// internal to go-detect (its tests import the modules directly).
export {
  type AnalyzeOptions,
  analyzeFunctionPackage,
  type FunctionPackage,
  type FunctionPackageAnalysis,
  analyzeFunctionPackageLazily,
  GoDetectError,
  type LazyAnalyzeOptions,
  type NotAPackage,
  normalizePackageDir,
} from "./analyze";
export type { AnalysisBudgetLimits } from "./budget";
export type { GoBuildContext } from "./constraints";
export {
  type ConstructorSpec,
  formatMethodSignature,
  type InstanceMatch,
  type MatchedMethod,
  type MethodPattern,
  type RejectedMethod,
} from "./constructor";
export { type GoMod, GoModError, type GoModReplace, type GoModRequire, importPathElementProblem, missingRequirements, modulePathProblem, readGoMod, type VendorInfo } from "./gomod";
export { emptyPackage, type MethodsAndTypes } from "./load";
export {
  type Candidate,
  type FuncSpec,
  formatFuncSignature,
  formatVarSignature,
  type MatchablePackage,
  matchCandidates,
  matchPackage,
  type NearMiss,
  type PackageMatch,
  type SignatureSpec,
  specList,
  type VarSpec,
} from "./match";
export { lookupMethod, type MethodLookup, type MethodSet, methodSetOf, type SetMethod } from "./methodset";
export type {
  Diagnostic,
  GoEmbedded,
  GoFile,
  GoFunc,
  GoImport,
  GoMethod,
  GoPackage,
  GoRegistration,
  GoType,
  GoVar,
  IgnoredDecl,
  RegistrationArg,
  SkippedFile,
  TypeRef,
} from "./model";
export { createGoParser, type GoParser, type GoParserOptions } from "./parser";
export { describeFsError, type FileRead, readBoundedFile } from "@fnpacks/host-io";
export type { ImportFacts } from "./resolve";
export { type AnyType, type Equivalence, type FuncShape, matchFuncShape, type ParamPattern, type TypeBinding, type TypePattern } from "./shapes";
