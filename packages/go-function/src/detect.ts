import type { DetectContext, DetectFunc, DetectResult } from "@fnpacks/cnb";
import type { Analyze, AnalyzedPackage } from "./analyze";
import { FUNCTION_NAME_VAR, readFunctionConfig } from "./config";
import { instancedSpec, preferInstances } from "./instanced";
import { MAX_PLANNED_CANDIDATES, type PlannedCandidate, planMetadata } from "./plan";
import { describeRefusals, namedCandidates, preferRegistered, type RefusedRegistration, registers } from "./registered";
import { ONE_FUNCTION } from "./selection";
import type { FunctionSignature } from "./signature";
import { refusedMatchesWhy } from "./vet";

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
    const config = readFunctionConfig(env);
    const analysis = await analyze({
      appDir: context.appDir,
      packageDir: config.packageDir,
      goarch: context.target.arch,
      specs: signature.instanceHandles ? [...signature.specs, instancedSpec("instance", signature.instanceHandles)] : signature.specs,
      equivalences: signature.equivalences ?? [],
      importFacts: signature.importFacts ?? {},
      requiredModules: signature.requiredModules ?? [],
      registrations: signature.registrations ?? [],
      kind: signature.kind,
      ...(signature.vet ? { vet: signature.vet } : {}),
      debug: (message) => logger.debug(message),
    });
    if (analysis.kind === "not-a-package") return { pass: false, reason: analysis.reason };
    const pkg = analysis.pkg;
    if (pkg.isMain) return { pass: false, reason: `${pkg.importPath} is package main: an application, not a function` };
    const missing = (signature.requiredModules ?? []).filter((module) => !pkg.requiredModules.includes(module));
    if (missing.length > 0) return { pass: false, reason: `go.mod does not require ${missing.join(", ")}` };

    const refused = pkg.refusedRegistrations ?? [];
    const registering = registers(pkg.candidates, refused);
    const names = config.name === undefined ? undefined : requestedNames(config.name, config.nameFrom, pkg.candidates, signature);
    const candidates = names === undefined ? preferredCandidates(signature, pkg, registering) : namedCandidates(pkg.candidates, names);
    const unmatched = (names ?? []).filter((name) => !candidates.some((c) => c.name === name));
    if (candidates.length === 0 || unmatched.length > 0) {
      const wanted = names ? `named ${unmatched.join(", ")} (${config.nameFrom ?? FUNCTION_NAME_VAR}) ` : "";
      const why = registering ? registeringWhy(signature, pkg, refused, unmatched) : refusedMatchesWhy(pkg.refusedMatches ?? [], unmatched);
      return { pass: false, reason: `no ${signature.kind} ${wanted}in ${pkg.importPath}${why}` };
    }
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
