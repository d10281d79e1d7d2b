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
  type Equivalence,
  type FuncSpec,
  formatFuncSignature,
  formatVarSignature,
  matchCandidates,
  type SignatureSpec,
  type TypePattern,
  type VarSpec,
} from "./match";
export type {
  Diagnostic,
  GoFile,
  GoFunc,
  GoImport,
  GoPackage,
  GoVar,
  IgnoredDecl,
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
