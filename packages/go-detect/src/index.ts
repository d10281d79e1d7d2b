export {
  type AnalyzeOptions,
  analyzeFunctionPackage,
  defaultGoVersion,
  type FunctionPackage,
  type FunctionPackageAnalysis,
  GoDetectError,
  NEWEST_GO_VERSION,
  type NotAPackage,
  normalizePackageDir,
} from "./analyze";
export { AnalysisBudget, type AnalysisBudgetLimits, BudgetExceeded, DEFAULT_BUDGET } from "./budget";
export {
  type BuildContext,
  type ConstraintExpr,
  ConstraintSyntaxError,
  type ConstraintVerdict,
  evalConstraint,
  evaluateFileConstraints,
  fileNameMatches,
  findConstraintLines,
  goMinorVersion,
  KNOWN_ARCH,
  KNOWN_OS,
  parseGoBuildExpr,
  parsePlusBuildLine,
  tagIsSet,
  UNIX_OS,
} from "./constraints";
export {
  type GoMod,
  GoModError,
  type GoModReplace,
  importPathElementProblem,
  type GoModRequire,
  modulePathProblem,
  parseGoMod,
  parseVendorModules,
  MAX_GO_MOD_BYTES,
  MAX_MODULES_TXT_BYTES,
  readGoMod,
  readVendorInfo,
  type VendoredModule,
  type VendorInfo,
} from "./gomod";
export { defaultPackageName, KNOWN_PACKAGE_NAMES } from "./importname";
export { type PackageClause, readPackageClause } from "./header";
export { DEFAULT_MAX_FILE_BYTES, type LoadPackageOptions, loadPackage } from "./load";
export { describeFsError, type FileRead, readBoundedFile } from "./read";
export {
  type Candidate,
  DEFAULT_EQUIVALENCES,
  type FuncSpec,
  formatFuncSignature,
  formatVarSignature,
  type MatchablePackage,
  matchCandidates,
  matchPackage,
  type NearMiss,
  type PackageMatch,
  type SignatureSpec,
  type VarSpec,
} from "./match";
export {
  type ConstructorSpec,
  formatMethodSignature,
  type InstanceMatch,
  type MatchedMethod,
  type MethodPattern,
  type RejectedMethod,
} from "./constructor";
export { lookupMethod, type MethodLookup, type MethodSet, methodSetOf, type SetMethod } from "./methodset";
export { type AnyType, type Equivalence, type FuncShape, matchFuncShape, type ParamPattern, type TypeBinding, type TypePattern } from "./shapes";
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
export {
  createGoParser,
  defaultGoGrammarWasm,
  defaultTreeSitterWasm,
  type GoParser,
  type GoParserOptions,
  ParseCancelled,
} from "./parser";
export { blankFunctionBodies } from "./bodies";
export type { ImportFacts } from "./resolve";
export { type FileSyntax, MAX_NESTING, MAX_PARSE_BYTES, nestingDepth, type ReadOptions, readFileSyntax, type WrittenFunc, type WrittenImport, type WrittenType, type WrittenVar } from "./syntax";
