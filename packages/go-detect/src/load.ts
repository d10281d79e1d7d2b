// Loads the files of one package dir the way `go build` selects them, never throwing on bad input.
import { listDirectory, path, readBoundedFile } from "@fnpacks/host-io";
import { AnalysisBudget } from "./budget";
import { evaluateFileConstraints, fileNameMatches, type GoBuildContext } from "./constraints";
import { type ParsedFile, resolveDeclarations } from "./declarations";
import { type PackageClause, readPackageClause } from "./header";
import type { Diagnostic, GoPackage } from "./model";
import { type GoParser, ParseCancelled, ParserNeeded } from "./parser";
import type { ImportFacts } from "./resolve";
import { type FileSyntax, readFileSyntax } from "./syntax";

/** Files above this size are skipped (generated data files, not handlers). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface LoadPackageOptions {
  /** Absolute (or cwd-relative) dir of the package. */
  dir: string;
  /** The dir relative to the module root, for positions; default ".". */
  relDir?: string;
  context: GoBuildContext;
  /** Undefined: read what the text alone gives (see plaindecl.ts and startLoading). */
  parser: GoParser | undefined;
  maxFileBytes?: number;
  /** Read methods' signatures and types' members (ReadOptions.methodsAndTypes); default true. */
  methodsAndTypes?: MethodsAndTypes;
  /** What the signature knows of its SDK's packages (names, exported types). */
  importFacts?: ImportFacts;
  /** Limits on the whole load; past them it throws BudgetExceeded. Default: DEFAULT_BUDGET from now. */
  budget?: AnalysisBudget;
  /**
   * Stop once the package clauses say `package main`, before parsing anything: an
   * application is never a function, and knowing that early keeps detect cheap for every
   * plain Go app. Default false (declarations are read).
   */
  stopAtPackageMain?: boolean;
  /**
   * Stop once the package clauses are read, whatever the package: which package the dir holds
   * and, for `package main`, whether it declares func main (GoPackage.declaresMain), with
   * nothing parsed. Default false.
   */
  clausesOnly?: boolean;
  /**
   * Read every unexported top-level func's signature into GoPackage.unexportedFuncs (for
   * explaining near misses). Default: only where an init() may register one, and not kept.
   */
  unexportedFuncs?: boolean;
  debug?: (message: string) => void;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

type Read = { kind: "source"; source: string } | { kind: "skip"; reason: string };

async function readGoSource(path: string, maxBytes: number): Promise<Read> {
  const read = await readBoundedFile(path, maxBytes);
  if (read.kind === "missing") return { kind: "skip", reason: "removed while detection ran" };
  if (read.kind === "refused") return { kind: "skip", reason: read.reason };
  if (read.bytes.includes(0)) return { kind: "skip", reason: "binary (contains NUL bytes)" };
  let source: string;
  try {
    source = utf8.decode(read.bytes);
  } catch {
    return { kind: "skip", reason: "not valid UTF-8" };
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  return { kind: "source", source };
}

/** A file go build would compile, with its package clause read but not yet parsed. */
interface SelectedFile {
  name: string;
  source: string;
  clause: PackageClause;
}

/**
 * Loads the package in `options.dir` for the build context: the files go build selects, then
 * (unless it is `package main`) their declarations. Bad Go never throws; a package past the
 * budget throws BudgetExceeded; without a parser, a file that needs one throws ParserNeeded.
 */
export async function loadPackage(options: LoadPackageOptions): Promise<GoPackage> {
  const loading = await startLoading(options);
  if (loading.kind === "needs-parser") throw new ParserNeeded();
  return loading.pkg;
}

/** A load done, or stopped at the first file that needs the parser, to go on with one. */
export type Loading = { kind: "done"; pkg: GoPackage } | { kind: "needs-parser"; resume: (parser: GoParser) => GoPackage };

/**
 * loadPackage in steps: with no parser, files are read from their text (see plaindecl.ts)
 * until one needs parsing; the load then goes on from that file once a parser is given.
 */
export async function startLoading(options: LoadPackageOptions): Promise<Loading> {
  const { dir } = options;
  const budget = options.budget ?? new AnalysisBudget();
  const debug = options.debug ?? (() => {});
  const pkg = emptyPackage(dir, options.relDir ?? ".");
  const skip = (name: string, reason: string) => {
    pkg.skipped.push({ name, reason });
    debug(`skipping ${name}: ${reason}`);
  };

  const names = listGoFiles(dir, pkg, skip);
  const selected = await selectFiles(names, options, budget, pkg, skip);
  pkg.name = choosePackageName(selected, pkg.diagnostics);
  const included = selected.filter((f) => {
    if (f.clause.name === pkg.name) return true;
    skip(f.name, `package ${f.clause.name} differs from package ${pkg.name}`);
    return false;
  });
  if (pkg.name === "main") pkg.declaresMain = included.some((f) => MAIN_FUNC.test(f.source));
  if (options.clausesOnly === true) return { kind: "done", pkg };
  if (pkg.name === "main" && options.stopAtPackageMain === true) {
    debug("package main: an application, its declarations are not read");
    return { kind: "done", pkg };
  }
  budget.throwIfOverSize();
  const parsed: ParsedFile[] = [];
  const finish = () => {
    resolveDeclarations(parsed, pkg, options.importFacts ?? {}, options.unexportedFuncs === true);
    return pkg;
  };
  const stoppedAt = parseFiles(included, 0, options.parser, options, budget, pkg, skip, parsed);
  if (stoppedAt === undefined) return { kind: "done", pkg: finish() };
  return {
    kind: "needs-parser",
    resume: (parser) => {
      parseFiles(included, stoppedAt, parser, options, budget, pkg, skip, parsed);
      return finish();
    },
  };
}

/** The .go file names in dir, sorted; names that are not UTF-8 are skipped with a reason. */
function listGoFiles(dir: string, pkg: GoPackage, skip: (name: string, reason: string) => void): string[] {
  const listing = listDirectory(dir);
  if (listing.kind === "error") {
    const why = listing.code === "ENOENT" ? "no such directory" : listing.reason;
    pkg.diagnostics.push({ severity: "error", message: `cannot read ${dir}: ${why}` });
    return [];
  }
  for (const shown of listing.notUtf8) {
    if (shown.endsWith(".go")) skip(JSON.stringify(shown), "the file name is not valid UTF-8 (go build rejects it too): rename it");
  }
  return listing.names.filter((name) => name.endsWith(".go")).sort();
}

/** The files go build would compile: name rules, size, encoding, build constraints, package clause. */
async function selectFiles(
  names: string[],
  options: LoadPackageOptions,
  budget: AnalysisBudget,
  pkg: GoPackage,
  skip: (name: string, reason: string) => void,
): Promise<SelectedFile[]> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const leftOut = new Map(names.map((name) => [name, leftOutByName(name, options.context)]));
  const read = readingAhead(
    names.filter((name) => leftOut.get(name) === undefined),
    (name) => readGoSource(path.join(options.dir, name), maxBytes),
  );
  const selected: SelectedFile[] = [];
  for (const name of names) {
    budget.check(name);
    const reason = leftOut.get(name);
    if (reason !== undefined) {
      skip(name, reason);
      continue;
    }
    const source = await read(name);
    if (source.kind === "skip") {
      skip(name, source.reason);
      continue;
    }
    const constraints = evaluateFileConstraints(source.source, options.context);
    if (!constraints.include) {
      skip(name, constraints.reason);
      continue;
    }
    const clause = readPackageClause(source.source);
    if (clause === undefined) {
      skip(name, "no package clause");
      pkg.diagnostics.push({ severity: "warning", message: `${name} has no package clause`, file: name });
      continue;
    }
    if (clause.name === "documentation") {
      skip(name, "package documentation is ignored by go build");
      continue;
    }
    const kept = budget.chargeSource(source.source.length, name);
    selected.push({ name, source: kept ? source.source : "", clause });
  }
  return selected;
}

/** Why go build leaves a file out by its name alone, or undefined when it may compile it. */
function leftOutByName(name: string, context: GoBuildContext): string | undefined {
  if (name.startsWith("_") || name.startsWith(".")) return "names starting with _ or . are ignored by go build";
  if (name.endsWith("_test.go")) return "test file";
  const suffix = fileNameMatches(name, context);
  return suffix.include ? undefined : suffix.reason;
}

/**
 * Files read this many ahead of the one looked at: bun reads on a thread pool, and a read
 * awaited before the next starts leaves it idle between reads (a tenth of a 200-file detect).
 */
const READ_AHEAD = 8;

/** A reader of `names`, asked for them in their order, that keeps READ_AHEAD reads under way. Reads never reject. */
function readingAhead(names: string[], read: (name: string) => Promise<Read>): (name: string) => Promise<Read> {
  const pending = new Map<string, Promise<Read>>();
  let started = 0;
  let asked = 0;
  return (name) => {
    const at = names.indexOf(name, asked);
    asked = at + 1;
    while (started < names.length && started <= at + READ_AHEAD) {
      const next = names[started++] as string;
      pending.set(next, read(next));
    }
    const reading = pending.get(name) ?? read(name);
    pending.delete(name);
    return reading;
  };
}

/**
 * Whether to read methods and type members: always, never, or only when a file declares one of
 * these funcs (a constructor's name, e.g. "New"): most packages have none, and reading every
 * method costs a fifth more on method-heavy code.
 */
export type MethodsAndTypes = boolean | readonly string[];

function wantsMethodsAndTypes(option: MethodsAndTypes | undefined, files: SelectedFile[]): boolean {
  if (option === undefined || typeof option === "boolean") return option ?? true;
  if (option.length === 0) return false;
  const names = option.map((name) => name.replace(/[^\p{L}\p{Nd}_]/gu, ""));
  const declares = new RegExp(`^func\\s+(?:${names.join("|")})\\s*[([]`, "mu");
  // The pattern only where a name is in the text: a multiline pattern tried at every line start
  // of every file is the slow way to find nothing.
  return files.some((f) => names.some((name) => f.source.includes(name)) && declares.test(f.source));
}

/**
 * How much source is read between two collections of the young garbage. Reading a file leaves
 * some thirty times its size in short-lived strings and arrays, which bun's JSC, in a process
 * this short, would collect only late: a 200-file package peaked 25 MB higher without them.
 * An eden collection here takes well under a millisecond.
 */
const SOURCE_BYTES_PER_COLLECTION = 256 * 1024;

/** bun's eden collection; nothing under Node (whose V8 collects the young generation early). */
const collectYoungGarbage: () => void = (() => {
  const bun = (globalThis as { Bun?: { gc(full: boolean): void } }).Bun;
  return bun ? () => bun.gc(false) : () => {};
})();

/** `func init(` as gofmt writes it, at the start of a line. */
const INIT_FUNC = /^func\s+init\s*\(/m;
/**
 * `func main(` at the start of a line, indented or not. Read from the text, so one in a comment
 * or a raw string counts too: a caller that steps aside for an application errs on its side.
 */
const MAIN_FUNC = /^[ \t]*func[ \t]+main[ \t]*\(/m;

/**
 * Reads each file's declarations from `from` on, within the budget, into `parsed`; without a
 * parser, stops at the first file that needs one and returns its index.
 */
function parseFiles(
  files: SelectedFile[],
  from: number,
  parser: GoParser | undefined,
  options: LoadPackageOptions,
  budget: AnalysisBudget,
  pkg: GoPackage,
  skip: (name: string, reason: string) => void,
  parsed: ParsedFile[],
): number | undefined {
  const shouldStop = () => budget.expired();
  // Registrations live in init(); without one in any file, unexported funcs cannot be named.
  const hasInit = options.unexportedFuncs === true || files.some((f) => f.source.includes("init") && INIT_FUNC.test(f.source));
  const methodsAndTypes = wantsMethodsAndTypes(options.methodsAndTypes, files);
  let sinceCollection = 0;
  for (let index = from; index < files.length; index++) {
    const { name, source, clause } = files[index] as SelectedFile;
    budget.check(name);
    sinceCollection += source.length;
    if (sinceCollection > SOURCE_BYTES_PER_COLLECTION) {
      collectYoungGarbage();
      sinceCollection = 0;
    }
    let syntax: FileSyntax;
    try {
      syntax = readFileSyntax(parser, source, { shouldStop, methodsAndTypes, unexportedFuncs: hasInit });
    } catch (e) {
      if (e instanceof ParserNeeded) return index;
      if (e instanceof ParseCancelled) budget.check(name);
      // The parser itself failing (not bad Go, which it tolerates) must still not crash detection.
      skip(name, `cannot be parsed (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    if (options.context.cgo !== true && syntax.imports.some((i) => i.path === "C")) {
      skip(name, 'imports "C" and cgo is disabled');
      continue;
    }
    for (const errorLine of syntax.syntaxErrorLines) {
      pkg.diagnostics.push({ severity: "warning", message: `syntax error at ${name}:${errorLine}`, file: name, line: errorLine });
    }
    options.debug?.(`loading ${name} (package ${clause.name})`);
    parsed.push({ name, syntax: { ...syntax, packageName: clause.name, packageLine: clause.line } });
  }
  return undefined;
}

/** The package name most files declare (the first file's on a tie); disagreement is a diagnostic. */
function choosePackageName(files: SelectedFile[], diagnostics: Diagnostic[]): string | undefined {
  const counts = new Map<string, string[]>();
  for (const f of files) {
    const names = counts.get(f.clause.name);
    if (names) names.push(f.name);
    else counts.set(f.clause.name, [f.name]);
  }
  if (counts.size === 0) return undefined;
  const ranked = [...counts.entries()].sort((a, b) => b[1].length - a[1].length);
  if (counts.size > 1) {
    const some = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", "));
    const list = ranked.map(([pkgName, fileNames]) => `${pkgName} (${some(fileNames)})`).join(" and ");
    diagnostics.push({
      severity: "error",
      message: `found packages ${list} in one dir; go build needs one package per dir (or build constraints)`,
    });
  }
  return (ranked[0] as [string, string[]])[0];
}

/** A package with nothing read yet: what loading fills in. */
export function emptyPackage(dir = "", relDir = "."): GoPackage {
  return { dir, relDir, name: undefined, files: [], skipped: [], funcs: [], vars: [], methods: [], types: [], registrations: [], diagnostics: [] };
}
