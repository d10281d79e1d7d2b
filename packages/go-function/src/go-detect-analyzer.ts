import {
  analyzeFunctionPackageLazily,
  type Candidate,
  createGoParser,
  type FunctionPackage,
  type GoMod,
  GoModError,
  type GoParser,
  type GoParserOptions,
  type MethodsAndTypes,
  matchPackage,
  missingRequirements,
  readGoMod,
  type SignatureSpec,
} from "@fnpacks/go-detect";
import type { Analysis, Analyze, AnalyzeRequest } from "./analyze";
import { lifecycleMethods } from "./instanced";
import { byNearness, constructorNearMisses, methodNearMisses, type NearMiss, namedNearMisses, type ShapeFacts, typeNearMisses, unexportedNearMisses } from "./near-misses";
import type { PlannedCandidate } from "./plan";
import { findRegistrations } from "./registered";
import { vetMatches } from "./vet";

/**
 * The production Analyze: go-detect reads go.mod and the package (for linux and the target
 * arch) and matches the signature's specs. Cheap facts come first: go.mod and its
 * requirements are checked before the parser exists (loading the WASM grammar is the slow
 * part), and go-detect reads package clauses before it parses anything.
 */
export function goDetectAnalyzer(parserOptions: GoParserOptions = {}): Analyze {
  let parser: Promise<GoParser> | undefined;
  return async ({ appDir, packageDir, goarch, specs, equivalences, importFacts, requiredModules, registrations, kind, vet, debug }): Promise<Analysis> => {
    let goMod: GoMod | undefined;
    try {
      goMod = await readGoMod(appDir);
    } catch (error) {
      // An unusable go.mod is the plain Go build's to report: this is not a function we can build.
      if (error instanceof GoModError) return { kind: "not-a-package", reason: error.message };
      throw error;
    }
    if (goMod === undefined) return { kind: "not-a-package", reason: `no go.mod in ${appDir}` };
    const missing = missingRequirements(goMod, requiredModules);
    if (missing.length > 0) return { kind: "not-a-package", reason: `go.mod does not require ${missing.join(", ")}` };

    // The parser is made only when a file needs it: a small package of plainly written funcs
    // is read from its text alone, without tree-sitter's WASM start-up.
    const analysis = await analyzeFunctionPackageLazily({
      appDir,
      packageDir,
      goarch,
      parser: () => {
        parser ??= createGoParser(parserOptions);
        return parser;
      },
      goMod,
      importFacts,
      stopAtPackageMain: true,
      // Methods and type members matter only to constructor specs (instanced functions), and
      // then only where a file declares the constructor; and to a signature that vets its
      // matches with the package's types.
      methodsAndTypes: vet ? true : constructorNames(specs),
      debug,
    });
    if (analysis.kind !== "package") return { kind: "not-a-package", reason: analysis.reason };
    return analyzeLoaded(analysis, { specs, equivalences, importFacts, registrations, kind, ...(vet ? { vet } : {}), debug });
  };
}

/** What analyzeLoaded needs of a request: the signature's part, not where the package is. */
export type LoadedRequest = Pick<AnalyzeRequest, "specs" | "equivalences" | "importFacts" | "registrations" | "kind" | "vet" | "debug">;

/**
 * A signature's reading of a package go-detect loaded: its registrations, its specs' matches
 * (vetted), and its near misses, computed when asked. The explainer buildpack loads a package
 * once and reads it for every signature with this.
 */
export function analyzeLoaded(analysis: FunctionPackage, { specs, equivalences, importFacts, registrations, kind, vet, debug }: LoadedRequest): Analysis {
  const { goMod } = analysis;
  if (debug) logAnalysis(analysis, debug);
  // A dir go build cannot build as one package (unreadable, or two package clauses) is no
  // function, whatever matched: say so rather than pass on whichever clause won the count.
  const fatal = analysis.diagnostics.find((d) => d.severity === "error");
  if (fatal) return { kind: "not-a-package", reason: fatal.message };
  const registered = findRegistrations({
    registrations: analysis.pkg.registrations,
    files: analysis.files,
    packageDir: analysis.packageDir,
    forms: registrations,
    specs,
    equivalences,
    kind,
  });
  for (const refused of registered.refused) debug?.(`${refused.position}: ${refused.call} is not a candidate: ${refused.reason}`);
  const matching = matchPackage(analysis.pkg, specs, equivalences);
  const matched = vetMatches(matching.candidates, analysis.pkg, plannedCandidate, vet, debug);
  const facts: ShapeFacts = { kind, specs, equivalences, importFacts, registrations, ...(vet ? { vet } : {}) };
  return {
    kind: "package",
    pkg: {
      modulePath: goMod.modulePath,
      importPath: analysis.importPath,
      isMain: analysis.isMain,
      ...(analysis.isMain ? { declaresMain: analysis.pkg.declaresMain === true } : {}),
      requiredModules: goMod.requires.map((r) => r.path),
      imports: [...new Set(analysis.files.flatMap((file) => file.imports.map((i) => i.path)))],
      candidates: [...registered.candidates, ...matched.kept],
      ...(registered.refused.length > 0 ? { refusedRegistrations: registered.refused } : {}),
      ...(matched.refused.length > 0 ? { refusedMatches: matched.refused } : {}),
      nearMisses: () => nearMissesOf(analysis, matching.nearMisses, facts),
    },
  };
}

/** The package's diagnostics and the declarations it ignored (near misses), one debug line each. */
function logAnalysis(analysis: FunctionPackage, debug: (message: string) => void): void {
  for (const diagnostic of analysis.diagnostics) {
    debug(`${diagnostic.severity}: ${diagnostic.file ? `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ""}: ` : ""}${diagnostic.message}`);
  }
  for (const file of analysis.files) {
    for (const ignored of file.ignored) debug(`${file.name}:${ignored.line}: ${ignored.name} is not a candidate: ${ignored.reason}`);
  }
}

/**
 * The package's near misses as far as it was read: what detect reads for speed leaves out
 * the shapes of unexported funcs (unless an init() may register one) and of methods (unless a
 * file declares New), which are then named only.
 */
function nearMissesOf(analysis: FunctionPackage, constructorMisses: Parameters<typeof constructorNearMisses>[0], facts: ShapeFacts): NearMiss[] {
  const { pkg, packageDir } = analysis;
  const shaped = [
    ...unexportedNearMisses(pkg.unexportedFuncs ?? [], packageDir, facts),
    ...methodNearMisses(pkg.methods, packageDir, facts),
    ...constructorNearMisses(constructorMisses, facts),
    ...typeNearMisses(pkg.funcs, packageDir, facts),
  ];
  const read = new Set([...(pkg.unexportedFuncs ?? []).map((f) => f.name), ...pkg.methods.map((m) => m.name)]);
  return byNearness([...shaped, ...namedNearMisses(analysis.files, packageDir, read)]);
}

/**
 * A match as the plan records it. An instance's shape is its Handle method's (the generator
 * wraps `instance.Handle` as it would a function of that shape); its lifecycle methods are
 * listed, and those present but unusable are kept with why, for build to warn about.
 */
function plannedCandidate(c: Candidate): PlannedCandidate {
  const planned = { name: c.name, shape: c.specId, position: c.position, signature: c.signature };
  if (!c.instance) return planned;
  const { type, method, optionalMethods, rejectedMethods, methodSetComplete, methodSetUnknownReason } = c.instance;
  const methods = lifecycleMethods(optionalMethods);
  const ignored = [
    ...optionalMethods.filter((m) => !methods.includes(m.name as never)).map((m) => `${m.signature}: Start's cfg must be map[string]string`),
    ...rejectedMethods.map((m) => m.reason),
    ...(methodSetComplete ? [] : [`the methods of ${type.name} cannot all be known (${methodSetUnknownReason ?? "unknown"}): lifecycle methods may be missed`]),
  ];
  return {
    ...planned,
    shape: method.shapeId,
    instance: { type: `${type.pointer ? "*" : ""}${type.name}`, handle: method.signature, methods, ignored },
  };
}

/** The names constructor specs look for; true when one takes any name, false (none) without constructor specs. */
function constructorNames(specs: readonly SignatureSpec[]): MethodsAndTypes {
  const constructors = specs.flatMap((spec) => (spec.kind === "constructor" ? [spec] : []));
  if (constructors.some((spec) => spec.name === undefined)) return true;
  return constructors.map((spec) => spec.name as string);
}
