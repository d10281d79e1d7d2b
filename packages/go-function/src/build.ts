import { type BuildContext, type BuildFunc, type BuildResult, UserError } from "@fnpacks/cnb";
import { LIFECYCLE_METHODS, type LifecycleMethod, writeGeneratedPackage } from "@fnpacks/go-codegen";
import { importPathElementProblem, modulePathProblem } from "@fnpacks/go-detect";
import { FUNCTION_DIR_VAR, FUNCTION_NAME_VAR } from "./config";
import { imageFacts } from "./image-facts";
import { checkAdapterImports, type GoRunner, type MissingPackage, runGo } from "./module-graph";
import { type FunctionPlan, type PlannedCandidate, readPlanMetadata } from "./plan";
import type { PlannedRegistration } from "./registered";
import { ONE_FUNCTION } from "./selection";
import type { FunctionSignature } from "./signature";

/** go-build builds what BP_GO_TARGETS names: a build-only layer sets it for the buildpacks after us. */
export const GO_TARGETS_LAYER = "go-targets";

export function createBuild<Shape extends string>(signature: FunctionSignature<Shape>, go: GoRunner = runGo): BuildFunc {
  return async (context: BuildContext): Promise<BuildResult> => {
    const { logger, layers, appDir } = context;
    const entry = context.plan.find((e) => e.name === signature.planName);
    if (!entry) throw new Error(`the buildpack plan has no ${signature.planName} entry: detect did not run or did not pass`);
    const plan = readPlanMetadata(entry);
    if (plan.candidates.length === 0) throw new Error(`the ${signature.planName} plan entry lists no function`);
    const servesAll = (signature.selection ?? ONE_FUNCTION).serves === "all";
    if (!servesAll && plan.candidateCount > 1) throw severalCandidates(signature, plan);
    if (servesAll && plan.candidateCount > plan.candidates.length) throw tooMany(signature, plan);
    for (const candidate of plan.candidates) checkPlan(signature, plan, candidate);
    await checkModuleProvides(signature, plan, context, go);

    const names = plan.candidates.map((c) => c.name).join(", ");
    logger.process(`Wrapping the ${signature.kind}${plan.candidates.length > 1 ? "s" : ""} ${names} of ${plan.importPath}`);
    for (const candidate of plan.candidates) {
      logger.subprocess(`${candidate.signature} at ${candidate.position}`);
      if (candidate.registered) logger.subprocess(registeredLine(candidate.registered));
      if (!candidate.instance) continue;
      const { handle, methods, ignored } = candidate.instance;
      logger.subprocess(`serving ${handle} of the instance${methods.length > 0 ? `, with ${methods.join(", ")}` : ""}`);
      for (const reason of ignored) logger.warn(`Not called: ${reason}`);
    }
    const generated = signature.generate(
      plan.candidates.map((candidate) => ({
        target: {
          modulePath: plan.modulePath,
          importPath: plan.importPath,
          name: candidate.registered?.func ?? candidate.name,
          position: candidate.position,
          ...(candidate.instance ? { instance: { methods: candidate.instance.methods as LifecycleMethod[] } } : {}),
          ...(candidate.registered ? { registered: { name: candidate.name, call: candidate.registered.call } } : {}),
        },
        shape: candidate.shape as Shape,
        ...(candidate.details ? { details: candidate.details } : {}),
      })),
    );
    await writeGeneratedPackage(appDir, generated).catch((error: unknown) => {
      throw cannotWrite(error, appDir);
    });
    logger.subprocess(`Generated the server package ${generated.buildTarget} (${generated.files.length} files)`);

    const layer = await layers.get(GO_TARGETS_LAYER);
    await layer.reset();
    layer.types = { build: true, launch: false, cache: false };
    layer.buildEnv.override("BP_GO_TARGETS", generated.buildTarget);
    logger.subprocess(`Set BP_GO_TARGETS=${generated.buildTarget} for go-build`);
    // Labels and the runtime's SBOM: what the image records of this build (see image-facts.ts).
    return { layers: [layer], ...imageFacts(context, plan, generated) };
  };
}

/**
 * The plan is detect's word, but build writes it into Go source: a name or path that is not
 * what detect can produce (an edited or foreign plan) stops here, not inside generated code.
 */
function checkPlan(signature: FunctionSignature, plan: FunctionPlan, candidate: PlannedCandidate): void {
  const problems = [
    !signature.specs.some((spec) => spec.id === candidate.shape) && `unknown ${signature.kind} shape ${JSON.stringify(candidate.shape)}`,
    !GO_IDENTIFIER.test(candidate.registered?.func ?? candidate.name) &&
      `function name ${JSON.stringify(candidate.registered?.func ?? candidate.name)} is not a Go identifier`,
    candidate.registered !== undefined && candidate.name.trim() === "" && "empty registered name",
    candidate.registered !== undefined && candidate.instance !== undefined && "a registered instance",
    candidate.registered === undefined && !EXPORTED.test(candidate.name) && `function name ${JSON.stringify(candidate.name)} is not exported`,
    candidate.instance?.methods.find((m) => !(LIFECYCLE_METHODS as readonly string[]).includes(m)) !== undefined &&
      `unknown lifecycle method in ${JSON.stringify(candidate.instance?.methods)}`,
    modulePathProblem(plan.modulePath) && `module path ${JSON.stringify(plan.modulePath)}: ${modulePathProblem(plan.modulePath)}`,
    !(plan.importPath === plan.modulePath || plan.importPath.startsWith(`${plan.modulePath}/`)) &&
      `package ${JSON.stringify(plan.importPath)} is not in module ${JSON.stringify(plan.modulePath)}`,
    plan.importPath
      .slice(plan.modulePath.length + 1)
      .split("/")
      .filter(Boolean)
      .map(importPathElementProblem)
      .find(Boolean),
  ].filter((problem): problem is string => typeof problem === "string");
  if (problems.length > 0) throw new Error(`the ${signature.planName} plan entry is not one detect wrote: ${problems.join("; ")}`);
}

const GO_IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
/** Only a registered func may be unexported: go-codegen links to it (any other would be a plan detect did not write). */
const EXPORTED = /^\p{Lu}/u;

/** How build reports a registered function: the name, the call, and how the server reaches the func. */
function registeredLine(registered: PlannedRegistration): string {
  const reach = EXPORTED.test(registered.func) ? "" : `; unexported, so the server reaches ${registered.func} through //go:linkname`;
  return `registered by ${registered.call} at ${registered.at}${reach}`;
}

/** A generated file that cannot be written: the app dir is the platform's, so say what it must allow. */
export function cannotWrite(error: unknown, appDir: string): unknown {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (!["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"].includes(code)) return error;
  const why = code === "EROFS" ? "the file system is read-only" : code === "ENOSPC" || code === "EDQUOT" ? "the disk is full" : "permission denied";
  return new UserError(`cannot write the generated server into the app: ${why} (${code})`, {
    where: appDir,
    fix: "the build's copy of the app must be writable by the build user (as it is on pack, kpack and Paketo builders); fnpacks writes only to its own fnpacks-generated/ directory there, never to your repository",
  });
}

function tooMany(signature: FunctionSignature, plan: FunctionPlan): UserError {
  return new UserError(`found ${plan.candidateCount} ${signature.kind}s in ${plan.importPath}; one build serves at most ${plan.candidates.length}`, {
    where: plan.importPath,
    fix: `set ${FUNCTION_NAME_VAR} to a comma-separated list of the ones to serve, or move the others to another package`,
  });
}

function severalCandidates(signature: FunctionSignature, plan: FunctionPlan): UserError {
  const more = plan.candidateCount - plan.candidates.length;
  const list = [...plan.candidates.map((c) => `  ${c.position}: ${c.signature}`), ...(more > 0 ? [`  … and ${more} more`] : [])].join("\n");
  const dir = plan.packageDir === "." ? "" : ` in ${FUNCTION_DIR_VAR}=${plan.packageDir}`;
  return new UserError(`found ${plan.candidateCount} ${signature.kind}s in ${plan.importPath}${dir}; which one should be served?\n${list}`, {
    where: plan.importPath,
    fix: `set the build-time variable ${FUNCTION_NAME_VAR} to one of: ${plan.candidates.map((c) => c.name).join(", ")} (e.g. pack build --env ${FUNCTION_NAME_VAR}=${plan.candidates[0]?.name})`,
  });
}

/**
 * The adapter's imports against the user's module graph (see module-graph.ts): missing ones
 * stop the build with the fix; when Go cannot tell, the build goes on and go-build's error,
 * if any, speaks, after a hint here.
 */
async function checkModuleProvides(signature: FunctionSignature, plan: FunctionPlan, context: BuildContext, go: GoRunner): Promise<void> {
  const imports = signature.adapterImports ?? [];
  if (imports.length === 0) return;
  const check = await checkAdapterImports(context.appDir, imports, context.env, go);
  if (check.kind === "missing") throw missingPackages(signature, plan, check.packages, check.vendored);
  if (check.kind === "unresolved") {
    context.logger.warn(`Could not check that your module provides ${imports.join(", ")} for the generated server: ${check.reason}`);
    context.logger.warn("Going on: if the Go build fails to find these packages, see docs/troubleshooting.md (missing go.sum entries)");
  }
}

function missingPackages(signature: FunctionSignature, plan: FunctionPlan, missing: MissingPackage[], vendored: boolean): UserError {
  const what = missing.map((m) => (m.importPath === m.neededBy ? m.importPath : `${m.importPath} (for ${m.neededBy})`)).join(", ");
  const blank = [...new Set(missing.map((m) => m.neededBy))].map((path) => `\t_ "${path}"`).join("\n");
  const blankImports = `add these blank imports to a file of ${plan.importPath}:\nimport (\n${blank}\n)`;
  const goFixes = [...new Set(missing.map((m) => m.goFix).filter((fix): fix is string => fix !== undefined))];
  const fix = vendored
    ? `${blankImports}\nthen run go mod tidy && go mod vendor (your vendor/ holds only what your own code imports)`
    : goFixes.length > 0
      ? `run ${goFixes.join(" && ")} in your module (go mod tidy drops what your code does not import; to keep it, instead ${blankImports}\nthen run go mod tidy)`
      : `${blankImports}\nthen run go mod tidy`;
  return new UserError(
    `the generated ${signature.kind} server needs packages your module does not provide${vendored ? " in vendor/" : ""}: ${what} (fnpacks never edits go.mod, go.sum or vendor/)`,
    { where: plan.importPath, fix },
  );
}
