// Why no signature buildpack took the app, and what to do: the function package read once for
// every signature (go-detect, with the unexported funcs and methods detect does not read), each
// signature's own selection, its near misses, the files go build leaves out, and a bounded walk
// of the module for function packages and programs elsewhere.
import { join } from "node:path";
import {
  type AnalysisBudgetLimits,
  analyzeFunctionPackage,
  type FuncShape,
  type FunctionPackage,
  type GoFunc,
  type GoMod,
  GoModError,
  type GoParser,
  normalizePackageDir,
  readGoMod,
} from "@fnpacks/go-detect";
import {
  type AnalyzedPackage,
  acceptedShapes,
  analyzeLoaded,
  closestName,
  describeShape,
  FUNCTION_DIR_VAR,
  FUNCTION_NAME_VAR,
  type FunctionConfig,
  GOOGLE_FUNCTION_TARGET_VAR,
  NEARNESS,
  type PlannedCandidate,
  positionOf,
  type ShapeFacts,
  selectCandidates,
  signatureFacts,
  withArticle,
} from "@fnpacks/go-function";
import { mergedImportFacts, type RegisteredSignature, specificTypeNames } from "./registry";
import { declarationLine, funcsInLeftOutFiles, namesSpecificType } from "./text-scan";
import { goFilesUnder, goPackageDirs, hasGoEntries } from "./walk";

export interface ExplainInput {
  appDir: string;
  env: NodeJS.ProcessEnv;
  goarch: string;
  signatures: readonly RegisteredSignature[];
  parser: GoParser;
  /** Clock for the walk's time limit; default performance.now. */
  now?: () => number;
  debug?: (message: string) => void;
}

/** One thing found, and what to do about it. */
export interface ExplainedItem {
  /** `helloGet (hello.go:10) has the shape of an HTTP function, …, but is not exported`. */
  what: string;
  fix?: string;
  /** Nearer first (go-function's NEARNESS, with the steps below between). */
  nearness: number;
}

export interface Explanation {
  /** What fnpacks found, in a sentence. */
  summary: string;
  /** The function package, relative to the app ("." for the module root). */
  where: string;
  /** The fix to try first. */
  fix: string;
  /** Nearest first. */
  items: ExplainedItem[];
  /** Each signature buildpack's one-line verdict on the package. */
  verdicts: Array<{ id: string; reason: string }>;
  /** What limited the look, e.g. a walk that stopped early. */
  notes: string[];
}

/** Where the steps that are not a signature's near misses stand among them. */
const STEP = { config: 0, elsewhere: 1.5, program: 3.5 } as const;

/** How far the walk for function packages and programs goes. */
const WALK = { maxEntries: 20_000, maxDepth: 4, maxDirs: 60 };
/** How long reading other packages may take in all; each read is also limited by go-detect's budget. */
const WALK_MILLIS = 15_000;
const READ_LIMITS = { maxSourceBytes: 32 * 1024 * 1024, maxFiles: 5000 };

interface Context extends ExplainInput {
  goMod: GoMod;
  /**
   * Whether go-build's detect passes without BP_GO_TARGETS: a *.go entry at the module root, or
   * under cmd/. Without one no group with go-build runs, a signature's groups included.
   */
  goBuildDetects: boolean;
  config: FunctionConfig;
  /** BP_FUNCTION_DIR as given, when set. */
  dirAsked?: string;
  deadline: number;
  now: () => number;
}

/** The build-time variables as the signatures read them, without failing on a bad one. */
function readConfig(env: NodeJS.ProcessEnv): { config: FunctionConfig; dirAsked?: string; dirProblem?: string } {
  const name = env[FUNCTION_NAME_VAR]?.trim() || undefined;
  const google = env[GOOGLE_FUNCTION_TARGET_VAR]?.trim() || undefined;
  const named = name !== undefined ? { name } : google !== undefined ? { name: google, nameFrom: GOOGLE_FUNCTION_TARGET_VAR } : {};
  const dirAsked = env[FUNCTION_DIR_VAR]?.trim() || undefined;
  try {
    return { config: { ...named, packageDir: normalizePackageDir(dirAsked) }, ...(dirAsked ? { dirAsked } : {}) };
  } catch (error) {
    return { config: { ...named, packageDir: "." }, ...(dirAsked ? { dirAsked } : {}), dirProblem: (error as Error).message };
  }
}

export async function explainApp(input: ExplainInput): Promise<Explanation> {
  const now = input.now ?? (() => performance.now());
  const { config, dirAsked, dirProblem } = readConfig(input.env);
  let goMod: GoMod | undefined;
  try {
    goMod = await readGoMod(input.appDir);
  } catch (error) {
    if (!(error instanceof GoModError)) throw error;
    return bare(`go.mod cannot be read: ${error.message}`, ".", "fix go.mod (go mod tidy says what is wrong)");
  }
  if (goMod === undefined) return bare("the app has no go.mod: fnpacks builds Go modules", ".", "run go mod init <module path> in the app");
  const goBuildDetects = hasGoEntries(input.appDir) || goFilesUnder(join(input.appDir, "cmd")) === true;
  const ctx: Context = { ...input, goMod, goBuildDetects, config, ...(dirAsked ? { dirAsked } : {}), now, deadline: now() + WALK_MILLIS };
  if (dirProblem !== undefined) {
    return await elsewhereExplained(ctx, `${FUNCTION_DIR_VAR}=${JSON.stringify(dirAsked)} is not a package directory of the app: ${dirProblem}`);
  }
  const loaded = await read(ctx, config.packageDir, { stopAtPackageMain: false });
  if (loaded.kind !== "package") {
    const about = dirAsked ? `${FUNCTION_DIR_VAR}=${dirAsked}: ${loaded.reason}` : loaded.reason;
    return await elsewhereExplained(ctx, about);
  }
  if (loaded.packageName === undefined) {
    const what = config.packageDir === "." ? "the module root" : `${FUNCTION_DIR_VAR}=${dirAsked}`;
    const summary = `${what} holds no Go package that go build compiles for linux/${ctx.goarch}`;
    return await elsewhereExplained(ctx, summary, await leftOutItems(ctx, loaded));
  }
  return await packageExplained(ctx, loaded);
}

function bare(summary: string, where: string, fix: string): Explanation {
  return { summary, where, fix, items: [], verdicts: [], notes: [] };
}

/** Reads a package dir of the module with every signature's import facts, methods and unexported funcs. */
function read(ctx: Context, packageDir: string, options: { stopAtPackageMain: boolean }) {
  const budget: AnalysisBudgetLimits = { ...READ_LIMITS, maxMillis: Math.max(1000, ctx.deadline - ctx.now()) };
  return analyzeFunctionPackage({
    appDir: ctx.appDir,
    packageDir,
    goarch: ctx.goarch,
    parser: ctx.parser,
    goMod: ctx.goMod,
    importFacts: mergedImportFacts(ctx.signatures),
    methodsAndTypes: true,
    unexportedFuncs: !options.stopAtPackageMain,
    stopAtPackageMain: options.stopAtPackageMain,
    budget,
    ...(ctx.debug ? { debug: ctx.debug } : {}),
  });
}

/** Each signature's reading of a loaded package; a package go build cannot build as one has its reason instead. */
function readings(ctx: Context, loaded: FunctionPackage): Array<{ entry: RegisteredSignature; pkg?: AnalyzedPackage; reason?: string }> {
  return ctx.signatures.map((entry) => {
    const { signature } = entry;
    const analysis = analyzeLoaded(loaded, { ...signatureFacts(signature), ...(ctx.debug ? { debug: ctx.debug } : {}) });
    return analysis.kind === "package" ? { entry, pkg: analysis.pkg } : { entry, reason: analysis.reason };
  });
}

/**
 * What a signature would serve of the package were it not package main, and were go.mod to
 * require its modules: its own selection, asked of the package with those two facts set aside.
 */
function wouldServe(entry: RegisteredSignature, pkg: AnalyzedPackage, config: FunctionConfig): PlannedCandidate[] {
  const relaxed: AnalyzedPackage = { ...pkg, isMain: false, requiredModules: [...pkg.requiredModules, ...(entry.signature.requiredModules ?? [])] };
  const selected = selectCandidates(entry.signature, relaxed, { ...config, name: undefined });
  return selected.pass ? selected.candidates : [];
}

const listed = (cs: readonly PlannedCandidate[]) => cs.map((c) => `${c.name} (${c.position})`).join(", ");

/** The function package exists and holds Go: why no signature took it. */
async function packageExplained(ctx: Context, loaded: FunctionPackage): Promise<Explanation> {
  const { config } = ctx;
  const items: ExplainedItem[] = [];
  const verdicts: Explanation["verdicts"] = [];
  const served: Array<{ entry: RegisteredSignature; candidates: PlannedCandidate[] }> = [];
  const read = readings(ctx, loaded);
  // analyzeLoaded's only other answer: go build cannot build the dir as one package (two package clauses, say).
  const fatal = read.find((r) => r.reason !== undefined)?.reason;
  for (const { entry, pkg, reason } of read) {
    if (pkg === undefined) {
      verdicts.push({ id: entry.id, reason: reason ?? "" });
      continue;
    }
    const selected = selectCandidates(entry.signature, pkg, config);
    verdicts.push({ id: entry.id, reason: selected.pass ? `passes: ${listed(selected.candidates)}` : (selected.reason.split("\n")[0] ?? "") });
    const candidates = wouldServe(entry, pkg, config);
    if (candidates.length > 0) served.push({ entry, candidates });
    items.push(...servedButNotBuilt(ctx, loaded, entry, pkg, candidates, selected.pass));
    items.push(...refusals(pkg));
    items.push(...(await nearMisses(ctx, loaded, pkg)));
  }
  items.push(...(await leftOutItems(ctx, loaded)));
  // Nothing came near any signature: the functions it has are of shapes of their own (a
  // platform's SDK types, say); name them and the forms fnpacks serves rather than say nothing.
  if (items.length === 0 && served.length === 0 && fatal === undefined) items.push(...unservedShapes(ctx, loaded));
  const summary = nameSummary(ctx, loaded, served) ?? packageSummary(ctx, loaded, fatal);
  const elsewhere = served.length === 0 || loaded.isMain ? await walkItems(ctx, config.packageDir) : { items: [], notes: [] };
  return finish(summary.text, config.packageDir, [...summary.items, ...unique(items), ...elsewhere.items], verdicts, elsewhere.notes, summary.fix);
}

/** One sentence for the package itself: package main without func main, or a library no signature serves. */
function packageSummary(ctx: Context, loaded: FunctionPackage, fatal: string | undefined): { text: string; items: ExplainedItem[]; fix?: string } {
  const at = ctx.dirAsked ? ` (${FUNCTION_DIR_VAR}=${ctx.dirAsked})` : "";
  if (fatal) return { text: `${loaded.importPath}${at} cannot be built as one Go package: ${fatal}`, items: [] };
  if (loaded.isMain && loaded.pkg.declaresMain) {
    return { text: `${loaded.importPath}${at} is package main with func main: a program, not a function`, items: [], fix: `unset ${FUNCTION_DIR_VAR} and ${FUNCTION_NAME_VAR} for go-build to build the program` };
  }
  if (loaded.isMain) {
    return { text: `${loaded.importPath}${at} is package main without func main: go build makes no program of it, and fnpacks serves no function of package main`, items: [] };
  }
  return {
    text: `no fnpacks signature buildpack found a function in ${loaded.importPath}${at} (package ${loaded.packageName}), and go-build cannot build it: it is no package main`,
    items: [],
  };
}

/**
 * When BP_FUNCTION_NAME (or GOOGLE_FUNCTION_TARGET) names what the package does not have:
 * what was asked, what there is, the closest.
 */
function nameSummary(
  ctx: Context,
  loaded: FunctionPackage,
  served: ReadonlyArray<{ entry: RegisteredSignature; candidates: PlannedCandidate[] }>,
): { text: string; items: ExplainedItem[]; fix: string } | undefined {
  const asked = ctx.config.name;
  if (asked === undefined) return undefined;
  const variable = ctx.config.nameFrom ?? FUNCTION_NAME_VAR;
  const all = served.flatMap(({ entry, candidates }) => candidates.map((c) => ({ c, kind: entry.signature.kind })));
  const known = new Set(all.flatMap(({ c }) => [c.name, ...(c.registered ? [c.registered.func] : [])]));
  const missing = asked.split(",").map((n) => n.trim()).filter((n) => n !== "" && !known.has(n));
  if (missing.length === 0) return undefined;
  const names = [...new Set(all.map(({ c }) => c.name))];
  const closest = closestName(missing[0] as string, names);
  const items = all.map(({ c, kind }) => ({ what: `${c.name} (${c.position}) is ${withArticle(kind)}: ${c.signature}`, fix: `set ${variable}=${c.name}`, nearness: STEP.config }));
  const text = `${variable}=${asked} matches no function in ${loaded.importPath}: ${names.length > 0 ? `its functions are ${names.join(", ")}` : "it has none fnpacks can serve"}${closest ? `; the closest name is ${closest}` : ""}`;
  const fix = closest ? `set ${variable}=${closest}` : names.length > 0 ? `set ${variable} to one of ${names.join(", ")}` : `unset ${variable}, and see the near misses above`;
  return { text, items, fix };
}

/** Functions a signature would serve but for the package being main, go.mod, or the order. */
function servedButNotBuilt(
  ctx: Context,
  loaded: FunctionPackage,
  entry: RegisteredSignature,
  pkg: AnalyzedPackage,
  candidates: readonly PlannedCandidate[],
  passed: boolean,
): ExplainedItem[] {
  if (candidates.length === 0) return [];
  const a = withArticle(entry.signature.kind);
  const what = (c: PlannedCandidate) => `${c.name} (${c.position}) is ${a}`;
  if (pkg.isMain) {
    const name = suggestedPackageName(loaded.importPath);
    return candidates.map((c) => ({
      what: `${what(c)}, but its package is main`,
      fix: `rename the package in every file of ${loaded.packageDir === "." ? "the module root" : loaded.packageDir} (e.g. package ${name}): fnpacks serves the functions of a package that is not main`,
      nearness: NEARNESS.shape,
    }));
  }
  const missing = (entry.signature.requiredModules ?? []).filter((m) => !pkg.requiredModules.includes(m));
  if (missing.length > 0) {
    return candidates.map((c) => ({ what: `${what(c)}, but go.mod does not require ${missing.join(", ")}`, fix: `run go get ${missing.join(" ")} in the module`, nearness: NEARNESS.shape }));
  }
  if (passed && !ctx.goBuildDetects) {
    return candidates.map((c) => ({
      what: `${what(c)}, which ${entry.id} serves, but go-build's detect found no *.go file at the module root (nor under cmd/), so no group with go-build ran`,
      fix: rootGoFile(ctx),
      nearness: NEARNESS.shape,
    }));
  }
  if (passed && ctx.config.name === undefined) {
    return candidates.map((c) => ({
      what: `${what(c)}, which ${entry.id} builds: that buildpack did not run`,
      fix: `build with fnpacks/go-functions, or put ${entry.id} in your builder's order ahead of Paketo's Go groups`,
      nearness: NEARNESS.shape,
    }));
  }
  return [];
}

/** What makes go-build's detect pass when the module root holds no *.go file. */
function rootGoFile(ctx: Context): string {
  return `put a .go file at the module root, which go-build's detect looks for (a doc.go holding only "package ${suggestedPackageName(ctx.goMod.modulePath)}" will do)`;
}

/** A Go package name from the import path's last element: `hello` for example.com/hello-world/hello. */
function suggestedPackageName(importPath: string): string {
  const last = (importPath.split("/").pop() ?? "").toLowerCase().replace(/[^a-z0-9_]/g, "");
  return /^[a-z_]/.test(last) && last !== "main" ? last : "function";
}

/**
 * The package's exported funcs, each with its shape, none a signature's: what to write instead
 * is a function of a shape fnpacks serves that calls it (in a package that is not main).
 */
function unservedShapes(ctx: Context, loaded: FunctionPackage): ExplainedItem[] {
  const forms = ctx.signatures.map(({ signature }) => {
    const facts = signatureFacts(signature);
    return `${withArticle(signature.kind)} is ${describeShape(simplestSpecificShape(facts), facts.importFacts)}`;
  });
  const rename = loaded.isMain ? `rename the package in every file of ${loaded.packageDir === "." ? "the module root" : loaded.packageDir} (e.g. package ${suggestedPackageName(loaded.importPath)}), and ` : "";
  return loaded.pkg.funcs
    .filter((fn) => /^\p{Lu}/u.test(fn.name))
    .map((fn) => ({
      what: `${fn.name} (${positionOf(loaded.packageDir, fn)}) is ${writtenShape(fn)}, a shape no fnpacks signature serves`,
      fix: `${rename}declare a function of a shape fnpacks serves that calls ${fn.name}: ${forms.join(", ")}`,
      nearness: NEARNESS.named,
    }));
}

/** `func(handler.Request) (handler.Response, error)`: a func's shape as its source writes the types. */
function writtenShape(fn: Pick<GoFunc, "params" | "results">): string {
  const text = (t: GoFunc["params"][number]) => `${t.variadic ? "..." : ""}${t.text}`;
  const results = fn.results.map(text);
  return `func(${fn.params.map(text).join(", ")})${results.length === 0 ? "" : results.length === 1 ? ` ${results[0]}` : ` (${results.join(", ")})`}`;
}

/**
 * A signature's plainest accepted func shape, to show as its form: the most of its specific
 * types among the parameters, then the fewest parameters and results (http's (w, r), not (ctx, w, r)).
 */
function simplestSpecificShape(facts: ShapeFacts): FuncShape {
  const anchored = (shape: FuncShape) => shape.params.filter((p) => !("any" in p) && p.importPath !== "" && p.importPath !== "context").length;
  const shapes = acceptedShapes(facts).flatMap(({ shape, method }) => (method === undefined ? [shape] : []));
  const score = (shape: FuncShape) => [-anchored(shape), shape.params.length, shape.results.length];
  const [first, ...rest] = shapes;
  if (first === undefined) throw new Error(`signature ${facts.kind} accepts no func shape`);
  return rest.reduce((best, shape) => {
    const [a, b] = [score(shape), score(best)];
    const i = a.findIndex((v, k) => v !== b[k]);
    return i >= 0 && (a[i] as number) < (b[i] as number) ? shape : best;
  }, first);
}

/** What a signature refused, with its own reason (which says what to write instead). */
function refusals(pkg: AnalyzedPackage): ExplainedItem[] {
  return [
    ...(pkg.refusedRegistrations ?? []).map((r) => ({ what: `${r.call} (${r.position}) cannot be served: ${r.reason}`, nearness: NEARNESS.shape })),
    ...(pkg.refusedMatches ?? []).map((r) => ({ what: `${r.name} (${r.position}) ${r.reason}`, nearness: NEARNESS.shape })),
  ];
}

/** The signature's near misses; a generic func only when its declaration names a signature's type. */
async function nearMisses(ctx: Context, loaded: FunctionPackage, pkg: AnalyzedPackage): Promise<ExplainedItem[]> {
  const typeNames = specificTypeNames(ctx.signatures);
  const items: ExplainedItem[] = [];
  for (const miss of pkg.nearMisses?.() ?? []) {
    if (miss.nearness >= NEARNESS.named) {
      const [file, line] = miss.position.slice(loaded.packageDir === "." ? 0 : loaded.packageDir.length + 1).split(":");
      if (!miss.why.startsWith("is generic") || !namesSpecificType(await declarationLine(loaded.pkg.dir, file ?? "", Number(line)), typeNames)) continue;
    }
    items.push({ what: `${miss.name} (${miss.position}) ${miss.why}`, fix: miss.fix, nearness: miss.nearness });
  }
  return items;
}

/** Functions of a signature's types in the files go build leaves out: tests, other platforms'. */
async function leftOutItems(ctx: Context, loaded: FunctionPackage): Promise<ExplainedItem[]> {
  const at = (file: string, line: number) => `${loaded.packageDir === "." ? "" : `${loaded.packageDir}/`}${file}:${line}`;
  return (await funcsInLeftOutFiles(loaded.pkg.dir, loaded.skipped, specificTypeNames(ctx.signatures))).map((f) =>
    f.reason === "test file"
      ? { what: `${f.name} (${at(f.file, f.line)}) is in a _test.go file, which go build leaves out`, fix: `move it to a file whose name does not end in _test.go`, nearness: NEARNESS.shape }
      : {
          what: `${f.name} (${at(f.file, f.line)}) is in a file go build leaves out for linux/${ctx.goarch}: ${f.reason}`,
          fix: `move it to a file built for linux (or change the file's build constraint)`,
          nearness: NEARNESS.shape,
        },
  );
}

/**
 * Function packages and programs elsewhere in the module, within the walk's limits: each
 * signature's own selection on each package dir; programs (package main with func main).
 */
async function walkItems(ctx: Context, skip: string): Promise<{ items: ExplainedItem[]; notes: string[]; dirs: string[] }> {
  const { dirs, truncated } = goPackageDirs(ctx.appDir, WALK);
  const items: ExplainedItem[] = [];
  const notes: string[] = truncated ? [`the look for packages elsewhere stopped after ${dirs.length} dirs with Go files`] : [];
  const packages: string[] = [];
  for (const dir of dirs) {
    if (dir === skip) continue;
    if (ctx.now() > ctx.deadline) {
      notes.push(`the look for packages elsewhere stopped after ${(WALK_MILLIS / 1000).toFixed(0)} s, at ${dir}`);
      break;
    }
    const loaded = await read(ctx, dir, { stopAtPackageMain: true });
    if (loaded.kind !== "package" || loaded.packageName === undefined) continue;
    packages.push(dir);
    if (loaded.isMain) {
      if (loaded.pkg.declaresMain) {
        items.push({ what: `${dir} is package main with func main: a program`, fix: `to build that program instead, set BP_GO_TARGETS=./${dir}`, nearness: STEP.program });
      }
      continue;
    }
    for (const { entry, pkg } of readings(ctx, loaded)) {
      if (pkg === undefined) continue;
      const selected = selectCandidates(entry.signature, pkg, { ...ctx.config, packageDir: dir });
      if (!selected.pass) continue;
      const a = withArticle(entry.signature.kind);
      const setDir = `set ${FUNCTION_DIR_VAR}=${dir}${ctx.goBuildDetects ? "" : `, and ${rootGoFile(ctx)}`}`;
      const [where, fix] = dir === "." ? ["at the module root", `unset ${FUNCTION_DIR_VAR}`] : [`in the package ${dir}`, setDir];
      for (const c of selected.candidates) items.push({ what: `${c.name} (${c.position}) is ${a} ${where}`, fix, nearness: STEP.elsewhere });
    }
  }
  return { items, notes, dirs: packages };
}

/** A BP_FUNCTION_DIR that names no usable dir, or a root without Go: what there is elsewhere. */
async function elsewhereExplained(ctx: Context, summary: string, more: ExplainedItem[] = []): Promise<Explanation> {
  const { items, notes, dirs } = await walkItems(ctx, ctx.config.packageDir === "." ? "" : ctx.config.packageDir);
  const listing: ExplainedItem[] = [];
  if (ctx.dirAsked !== undefined) {
    const closest = closestName(ctx.dirAsked.replace(/^\.\//, ""), dirs.filter((d) => d !== "."));
    listing.push({
      what: dirs.length > 0 ? `the module's Go package dirs: ${dirs.join(", ")}${closest ? ` (the closest to ${ctx.dirAsked}: ${closest})` : ""}` : "the module holds no Go package dir",
      ...(closest ? { fix: `set ${FUNCTION_DIR_VAR}=${closest}` } : {}),
      nearness: STEP.config,
    });
  }
  return finish(summary, ctx.config.packageDir, [...more, ...items, ...listing], [], notes);
}

function unique(items: readonly ExplainedItem[]): ExplainedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.what) && seen.add(item.what));
}

function finish(summary: string, where: string, items: ExplainedItem[], verdicts: Explanation["verdicts"], notes: string[], fix?: string): Explanation {
  const sorted = unique(items).sort((a, b) => a.nearness - b.nearness);
  const first = sorted.find((item) => item.fix !== undefined)?.fix;
  return {
    summary,
    where,
    fix: fix ?? first ?? "see docs/troubleshooting.md for the forms fnpacks serves; for a program, give the package func main (package main)",
    items: sorted,
    verdicts,
    notes,
  };
}

/** The dir of a package relative to the app, for messages. */
export function whereIn(appDir: string, packageDir: string): string {
  return packageDir === "." ? appDir : join(appDir, packageDir);
}
