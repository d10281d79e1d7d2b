import type { DetectContext, DetectFunc, DetectResult } from "@fnpacks/cnb";
import type { Analyze } from "./analyze";
import { FUNCTION_NAME_VAR, readFunctionConfig } from "./config";
import { instancedSpec, preferInstances } from "./instanced";
import { MAX_PLANNED_CANDIDATES, planMetadata } from "./plan";
import { ONE_FUNCTION } from "./selection";
import type { FunctionSignature } from "./signature";

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
      debug: (message) => logger.debug(message),
    });
    if (analysis.kind === "not-a-package") return { pass: false, reason: analysis.reason };
    const pkg = analysis.pkg;
    if (pkg.isMain) return { pass: false, reason: `${pkg.importPath} is package main: an application, not a function` };
    const missing = (signature.requiredModules ?? []).filter((module) => !pkg.requiredModules.includes(module));
    if (missing.length > 0) return { pass: false, reason: `go.mod does not require ${missing.join(", ")}` };

    const names = config.name === undefined ? undefined : (signature.selection ?? ONE_FUNCTION).parseNames(config.name);
    const preferred = preferInstances(pkg.candidates);
    const candidates = names === undefined ? (signature.narrow?.(preferred, pkg) ?? preferred) : pkg.candidates.filter((c) => names.includes(c.name));
    const unmatched = (names ?? []).filter((name) => !candidates.some((c) => c.name === name));
    if (candidates.length === 0 || unmatched.length > 0) {
      const wanted = names ? `named ${unmatched.join(", ")} (${FUNCTION_NAME_VAR}) ` : "";
      return { pass: false, reason: `no ${signature.kind} ${wanted}in ${pkg.importPath}` };
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
