// The one call every signature buildpack makes: go.mod, then the function package, for linux.
import { describeFsError, path, pathKind } from "@fnpacks/host-io";
import { AnalysisBudget, type AnalysisBudgetLimits, BudgetExceeded } from "./budget";
import { type GoBuildContext, goMinorVersion, KNOWN_ARCH, KNOWN_OS } from "./constraints";
import { type GoMod, importPathElementProblem, missingRequirements, readGoMod } from "./gomod";
import type { MethodsAndTypes } from "./load";
import { type Loading, startLoading } from "./load";
import type { Diagnostic, GoFile, GoPackage, SkippedFile } from "./model";
import { type GoParser, ParserNeeded } from "./parser";
import type { ImportFacts } from "./resolve";

/** The newest Go release the buildpacks expect go-dist to install. */
export const NEWEST_GO_VERSION = "1.25";

/**
 * The Go version whose release tags (go1.N) apply. Those tags come from the toolchain that
 * builds, not from go.mod's go line, and the toolchain is at least the go line, the toolchain
 * line and what go-dist installs by default (the newest release).
 */
export function defaultGoVersion(goMod: Pick<GoMod, "goVersion" | "toolchain">): string {
  const candidates = [NEWEST_GO_VERSION, goMod.goVersion, goMod.toolchain?.replace(/^go/, "")];
  let best = NEWEST_GO_VERSION;
  for (const v of candidates) {
    if (v !== undefined && (goMinorVersion(v) ?? -1) > (goMinorVersion(best) ?? -1)) best = v;
  }
  return best;
}

export interface AnalyzeOptions {
  /** The module root: the dir holding go.mod. */
  appDir: string;
  /** The function package, relative to appDir; default ".". */
  packageDir?: string;
  goos?: string;
  goarch: string;
  /** Go version of the toolchain that builds (for go1.N tags); default: defaultGoVersion(go.mod). */
  goVersion?: string;
  /** Extra build tags (go build -tags). */
  tags?: readonly string[];
  /** CGO_ENABLED=1: the cgo tag holds and files importing "C" count. Default false. */
  cgo?: boolean;
  parser: GoParser;
  maxFileBytes?: number;
  /** What the signature knows of its SDK's packages (see ImportFacts). */
  importFacts?: ImportFacts;
  /**
   * Read methods' signatures and types' members (see ReadOptions); default true. A list of
   * func names: only when some file declares one of them (a constructor spec's name).
   */
  methodsAndTypes?: MethodsAndTypes;
  /** Stop at `package main` without parsing it (see LoadPackageOptions). */
  stopAtPackageMain?: boolean;
  /** Read only the package clauses (see LoadPackageOptions.clausesOnly): `parser` is not used. */
  clausesOnly?: boolean;
  /** Keep every unexported func's signature (see LoadPackageOptions.unexportedFuncs). */
  unexportedFuncs?: boolean;
  /** go.mod, if the caller has read it already (readGoMod). */
  goMod?: GoMod;
  /** Limits on reading and parsing the package; default DEFAULT_BUDGET. */
  budget?: AnalysisBudgetLimits;
  /** Clock for the budget (tests inject one); default performance.now. */
  now?: () => number;
  /**
   * Modules go.mod must require; when one is missing the package is not read at all (the
   * cheap fact first: most apps fail a signature's detect here).
   */
  requiredModules?: readonly string[];
  debug?: (message: string) => void;
}

export interface FunctionPackage {
  kind: "package";
  goMod: GoMod;
  /** Package clause; undefined if the dir has no buildable Go file. */
  packageName: string | undefined;
  /** Module path + package dir. */
  importPath: string;
  /** Relative to appDir, posix separators, "." for the root. */
  packageDir: string;
  isMain: boolean;
  files: GoFile[];
  skipped: SkippedFile[];
  diagnostics: Diagnostic[];
  pkg: GoPackage;
  context: GoBuildContext;
}

export interface NotAPackage {
  /** "too-large" when the package is past the analysis budget. */
  kind: "not-a-package" | "too-large";
  /** Why, in a sentence, e.g. "no go.mod in /workspace". */
  reason: string;
  goMod?: GoMod;
}

export type FunctionPackageAnalysis = FunctionPackage | NotAPackage;

/** A request that cannot be satisfied whatever the source says (bad package dir). */
export class GoDetectError extends Error {
  override name = "GoDetectError";
}

/** Checks that packageDir stays inside appDir and returns it relative, posix style. */
export function normalizePackageDir(packageDir: string | undefined): string {
  const raw = (packageDir ?? ".").trim() || ".";
  if (path.isAbsolute(raw)) throw new GoDetectError(`package dir "${raw}" must be relative to the app dir`);
  const rel = path.normalize(raw).replace(/\/+$/, "") || ".";
  if (rel === ".." || rel.startsWith("../")) throw new GoDetectError(`package dir "${raw}" is outside the app dir`);
  const elements = rel.split("/");
  if (elements.includes("vendor") || elements.includes("testdata")) {
    throw new GoDetectError(`package dir "${raw}" is inside vendor/ or testdata/, which go build never treats as the app`);
  }
  for (const element of rel === "." ? [] : elements) {
    const problem = importPathElementProblem(element);
    if (problem) throw new GoDetectError(`package dir "${raw}" cannot be part of a Go import path: ${problem}`);
  }
  return rel;
}

/**
 * Reads go.mod and the function package. Throws GoModError for an unusable go.mod and
 * GoDetectError for a bad package dir; bad Go source never throws.
 */
export async function analyzeFunctionPackage(options: AnalyzeOptions): Promise<FunctionPackageAnalysis> {
  const analyzing = await startAnalysis(options, options.parser);
  if (analyzing.kind === "needs-parser") throw new ParserNeeded(); // a parser was given: never
  return analyzing.analysis;
}

export interface LazyAnalyzeOptions extends Omit<AnalyzeOptions, "parser"> {
  /** Makes the parser; called only when a file needs parsing. */
  parser: () => Promise<GoParser>;
}

/**
 * analyzeFunctionPackage, with the parser made only when a file needs it. Its start-up
 * (compiling tree-sitter's WASM) is most of a small package's detect, and a package of plainly
 * written funcs is read from its text alone (see plaindecl.ts). Files are read in order, from
 * their text until one needs the parser, then on with it: nothing is read twice. The budget's
 * clock runs while the parser is made.
 */
export async function analyzeFunctionPackageLazily(options: LazyAnalyzeOptions): Promise<FunctionPackageAnalysis> {
  const analyzing = await startAnalysis(options, undefined);
  if (analyzing.kind === "done") return analyzing.analysis;
  return analyzing.resume(await options.parser());
}

type Analyzing = { kind: "done"; analysis: FunctionPackageAnalysis } | { kind: "needs-parser"; resume: (parser: GoParser) => FunctionPackageAnalysis };

async function startAnalysis(options: Omit<AnalyzeOptions, "parser">, parser: GoParser | undefined): Promise<Analyzing> {
  const done = (analysis: FunctionPackageAnalysis): Analyzing => ({ kind: "done", analysis });
  const debug = options.debug ?? (() => {});
  const goos = options.goos ?? "linux";
  // A caller's mistake, not the user's: a plain error, so it surfaces as an internal one.
  if (!KNOWN_OS.has(goos)) throw new RangeError(`unknown GOOS "${goos}"`);
  if (!KNOWN_ARCH.has(options.goarch)) throw new RangeError(`unknown GOARCH "${options.goarch}" (Go names, e.g. amd64 or arm64)`);
  const budget = new AnalysisBudget(options.budget, options.now);
  const goMod = options.goMod ?? (await readGoMod(options.appDir));
  if (goMod === undefined) return done({ kind: "not-a-package", reason: `no go.mod in ${options.appDir}` });
  debug(`go.mod: module ${goMod.modulePath}, go ${goMod.goVersion ?? "(none)"}`);
  const missing = missingRequirements(goMod, options.requiredModules ?? []);
  if (missing.length > 0) return done({ kind: "not-a-package", reason: `go.mod does not require ${missing.join(", ")}`, goMod });
  const packageDir = normalizePackageDir(options.packageDir);
  const dir = path.join(options.appDir, packageDir);
  try {
    const kind = await pathKind(dir);
    if (kind === "missing") return done({ kind: "not-a-package", reason: `package dir ${packageDir} does not exist in ${options.appDir}`, goMod });
    if (kind !== "directory") return done({ kind: "not-a-package", reason: `${packageDir} is not a directory`, goMod });
  } catch (e) {
    return done({ kind: "not-a-package", reason: `package dir ${packageDir} is ${describeFsError(e)} in ${options.appDir}`, goMod });
  }
  const context: GoBuildContext = {
    goos,
    goarch: options.goarch,
    goVersion: options.goVersion ?? defaultGoVersion(goMod),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.cgo ? { cgo: true } : {}),
  };
  debug(`build context: ${context.goos}/${context.goarch}, go${context.goVersion}`);
  const importPath = packageDir === "." ? goMod.modulePath : `${goMod.modulePath}/${packageDir}`;
  const analysisOf = (pkg: GoPackage): FunctionPackage => ({
    kind: "package",
    goMod,
    packageName: pkg.name,
    importPath,
    packageDir,
    isMain: pkg.name === "main",
    files: pkg.files,
    skipped: pkg.skipped,
    diagnostics: pkg.diagnostics,
    pkg,
    context,
  });
  let loading: Loading;
  try {
    loading = await startLoading({
      dir,
      relDir: packageDir,
      context,
      parser,
      budget,
      debug,
      ...(options.stopAtPackageMain ? { stopAtPackageMain: true } : {}),
      ...(options.clausesOnly ? { clausesOnly: true } : {}),
      ...(options.unexportedFuncs ? { unexportedFuncs: true } : {}),
      ...(options.methodsAndTypes !== undefined ? { methodsAndTypes: options.methodsAndTypes } : {}),
      ...(options.importFacts ? { importFacts: options.importFacts } : {}),
      ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
    });
  } catch (e) {
    if (e instanceof BudgetExceeded) return done({ kind: "too-large", reason: e.message, goMod });
    throw e;
  }
  if (loading.kind === "done") return done(analysisOf(loading.pkg));
  const { resume } = loading;
  // Past the budget is an answer too, when the load goes on with the parser.
  return {
    kind: "needs-parser",
    resume: (withParser) => {
      try {
        return analysisOf(resume(withParser));
      } catch (e) {
        if (e instanceof BudgetExceeded) return { kind: "too-large", reason: e.message, goMod };
        throw e;
      }
    },
  };
}
