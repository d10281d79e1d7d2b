import { type DetectContext, type DetectFunc, type DetectResult, isUserError, type UserError } from "@fnpacks/cnb";
import type { SignatureSpec } from "@fnpacks/go-detect";
import type { Analyze, AnalyzedPackage, AnalyzeRequest } from "./analyze";
import { type FunctionConfig, FUNCTION_NAME_VAR, readFunctionConfig } from "./config";
import { instancedSpec, preferInstances } from "./instanced";
import { closestName, formatNearMiss, NEARNESS, type NearMiss } from "./near-misses";
import { MAX_PLANNED_CANDIDATES, type PlannedCandidate, planMetadata } from "./plan";
import { describeRefusals, namedCandidates, preferRegistered, type RefusedRegistration, registers } from "./registered";
import { ONE_FUNCTION } from "./selection";
import type { FunctionSignature } from "./signature";
import { refusedMatchesWhy } from "./vet";

/** The specs detect matches: the signature's, and the instanced constructor when it has an instanced form. */
export function signatureSpecs(signature: FunctionSignature): SignatureSpec[] {
  return signature.instanceHandles ? [...signature.specs, instancedSpec("instance", signature.instanceHandles)] : signature.specs;
}

/** What an analysis asks about a signature, wherever the package is: detect's, and the explainer's of every signature. */
export type SignatureFacts = Pick<AnalyzeRequest, "kind" | "specs" | "equivalences" | "importFacts" | "requiredModules" | "registrations" | "vet">;

export function signatureFacts(signature: FunctionSignature): SignatureFacts {
  return {
    kind: signature.kind,
    specs: signatureSpecs(signature),
    equivalences: signature.equivalences ?? [],
    importFacts: signature.importFacts ?? {},
    requiredModules: signature.requiredModules ?? [],
    registrations: signature.registrations ?? [],
    ...(signature.vet ? { vet: signature.vet } : {}),
  };
}

/**
 * A bad BP_FUNCTION_DIR or BP_FUNCTION_NAME fails detect with the reason (exit 100), never
 * errors it: an error would end the lifecycle's whole detection, and with it the plain Go
 * groups and the explainer, whose build then reports it. The fix goes on a line of its own.
 */
function failure(error: UserError): DetectResult {
  return { pass: false, reason: `${error.message}${error.fix ? `\n  fix: ${error.fix}` : ""}` };
}

/**
 * Passes when the app's package holds at least one function of this signature. Several
 * candidates still pass: build then explains how to pick one, which is clearer than falling
 * through to a plain Go build that fails for want of a main package.
 */
export function createDetect(signature: FunctionSignature, analyze: Analyze): DetectFunc {
  return async (context: DetectContext): Promise<DetectResult> => {
    const { env, logger } = context;
    if (env.BP_GO_TARGETS?.trim()) {
      return { pass: false, reason: `BP_GO_TARGETS is set (${env.BP_GO_TARGETS}): go-build builds those targets, not a function` };
    }
    let config: FunctionConfig;
    try {
      config = readFunctionConfig(env);
    } catch (error) {
      if (isUserError(error)) return failure(error);
      throw error;
    }
    const analysis = await analyze({
      appDir: context.appDir,
      packageDir: config.packageDir,
      goarch: context.target.arch,
      ...signatureFacts(signature),
      // Only with debug on: a large package has a debug line for every declaration it ignores.
      ...(logger.debugEnabled ? { debug: (message: string) => logger.debug(message) } : {}),
    });
    if (analysis.kind === "not-a-package") return { pass: false, reason: analysis.reason };
    const pkg = analysis.pkg;
    const selected = selectCandidates(signature, pkg, config);
    if (!selected.pass) return selected;
    const { candidates } = selected;
    for (const c of candidates.slice(0, MAX_PLANNED_CANDIDATES)) logger.debug(`${signature.kind} candidate: ${c.signature} at ${c.position}`);
    const metadata = planMetadata({
      modulePath: pkg.modulePath,
      importPath: pkg.importPath,
      packageDir: config.packageDir,
      // The plan is a file the lifecycle reads whole: a generated package of 100,000 handlers
      // must not make it 25 MB. Build only needs them to list in its several-candidates error.
      candidates: candidates.slice(0, MAX_PLANNED_CANDIDATES),
      candidateCount: candidates.length,
    });
    return {
      pass: true,
      plan: { provides: [{ name: signature.planName }], requires: [{ name: signature.planName, metadata }] },
    };
  };
}

/**
 * The candidates detect plans for a package, or why there are none: the one-line reason, then
 * the nearest miss (or, for a name that matches nothing, the names there are) on a line of its
 * own, which the lifecycle shows with `pack build -v`. The explainer buildpack asks this of
 * every signature.
 */
export function selectCandidates(
  signature: FunctionSignature,
  pkg: AnalyzedPackage,
  config: FunctionConfig,
): { pass: true; candidates: PlannedCandidate[] } | { pass: false; reason: string } {
  if (pkg.isMain) {
    const why =
      pkg.declaresMain === false
        ? "is package main without func main: neither a program go build can make nor a package fnpacks serves functions of; rename the package to serve a function in it"
        : "is package main: an application, not a function";
    return { pass: false, reason: `${pkg.importPath} ${why}` };
  }
  const missing = (signature.requiredModules ?? []).filter((module) => !pkg.requiredModules.includes(module));
  if (missing.length > 0) return { pass: false, reason: `go.mod does not require ${missing.join(", ")}` };

  const refused = pkg.refusedRegistrations ?? [];
  const registering = registers(pkg.candidates, refused);
  let names: string[] | undefined;
  try {
    names = config.name === undefined ? undefined : requestedNames(config.name, config.nameFrom, pkg.candidates, signature);
  } catch (error) {
    if (isUserError(error)) return failure(error) as { pass: false; reason: string };
    throw error;
  }
  const candidates = names === undefined ? preferredCandidates(signature, pkg, registering) : namedCandidates(pkg.candidates, names);
  const unmatched = (names ?? []).filter((name) => !candidates.some((c) => c.name === name));
  if (candidates.length > 0 && unmatched.length === 0) return { pass: true, candidates };
  const wanted = names ? `named ${unmatched.join(", ")} (${config.nameFrom ?? FUNCTION_NAME_VAR}) ` : "";
  const why = registering ? registeringWhy(signature, pkg, refused, unmatched) : refusedMatchesWhy(pkg.refusedMatches ?? [], unmatched);
  const more = why === "" ? nextLine(signature, pkg, unmatched) : undefined;
  return { pass: false, reason: `no ${signature.kind} ${wanted}in ${pkg.importPath}${why}${more ? `\n  ${more}` : ""}` };
}

/**
 * The line after a reason that names nothing: for a name that matches nothing, the names there
 * are and the closest; else the nearest miss (with its fix), or the first declarations set
 * aside whose shape detect did not read.
 */
function nextLine(signature: FunctionSignature, pkg: AnalyzedPackage, unmatched: readonly string[]): string | undefined {
  const asked = unmatched[0];
  if (asked !== undefined && pkg.candidates.length > 0) {
    const names = [...new Set(pkg.candidates.map((c) => c.name))];
    const closest = closestName(asked, names);
    const shown = names.slice(0, 5).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
    return `its ${signature.kind}s: ${shown}${closest ? `; closest to ${asked}: ${closest}` : ""}`;
  }
  const misses: NearMiss[] = pkg.nearMisses?.() ?? [];
  const nearest = misses[0];
  if (nearest === undefined) return undefined;
  if (nearest.nearness < NEARNESS.named) return `nearest miss: ${formatNearMiss(nearest)}`;
  const named = misses.slice(0, 2).map((m) => `${m.name} (${m.position}) ${m.why.replace(/:.*$/, "")}`);
  return `not candidates: ${named.join(", ")}${misses.length > 2 ? `, and ${misses.length - 2} more` : ""}`;
}

/**
 * What the user's name asks for. A registered name is taken as it is (the framework allows any
 * string), and so is the name of the func registered (helloHTTP for "HelloHTTP"), which asks
 * for its registration; GOOGLE_FUNCTION_TARGET names one function, as in Google's buildpacks;
 * anything else is the signature's to parse.
 */
function requestedNames(value: string, from: string | undefined, candidates: readonly PlannedCandidate[], signature: FunctionSignature): string[] {
  const registered = candidates.filter((c) => c.registered !== undefined);
  if (registered.some((c) => c.name === value)) return [value];
  const byFunc = registered.filter((c) => c.registered?.func === value);
  if (byFunc.length > 0) return byFunc.map((c) => c.name);
  if (from !== undefined) return [value];
  return (signature.selection ?? ONE_FUNCTION).parseNames(value);
}

/**
 * The candidates when the user named none: a package that registers functions serves those
 * (a registration states the author's intent; the other exported funcs are helpers or other
 * handlers); otherwise an instance wins over static functions, and the signature narrows.
 */
function preferredCandidates(signature: FunctionSignature, pkg: AnalyzedPackage, registering: boolean): PlannedCandidate[] {
  if (registering) return preferRegistered(pkg.candidates);
  const preferred = preferInstances(pkg.candidates);
  return signature.narrow?.(preferred, pkg) ?? preferred;
}

/** Why a registering package has none of the functions asked for, on one line. */
function registeringWhy(signature: FunctionSignature, pkg: AnalyzedPackage, refused: readonly RefusedRegistration[], unmatched: readonly string[]): string {
  const served = pkg.candidates.filter((c) => c.registered !== undefined).map((c) => JSON.stringify(c.name));
  const aboutNamed = refused.filter((r) => r.name !== undefined && unmatched.includes(r.name));
  const about = aboutNamed.length > 0 || (unmatched.length > 0 && served.length > 0) ? aboutNamed : refused;
  if (about.length > 0) return `: it registers functions in init(), and ${about.length === 1 ? "this one" : "these"} cannot be served: ${describeRefusals(about)}`;
  if (served.length > 0) return `: it registers the ${signature.kind}s ${served.join(", ")}`;
  return `: it registers functions in init(), none of them ${signature.kind}s`;
}
