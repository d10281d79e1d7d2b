import { type BuildContext, type BuildFunc, type BuildResult, UserError } from "@fnpacks/cnb";
import { writeGeneratedPackage } from "@fnpacks/go-codegen";
import { FUNCTION_DIR_VAR, FUNCTION_NAME_VAR } from "./config";
import { type FunctionPlan, readPlanMetadata } from "./plan";
import type { FunctionSignature } from "./signature";

/** go-build builds what BP_GO_TARGETS names: a build-only layer sets it for the buildpacks after us. */
export const GO_TARGETS_LAYER = "go-targets";

export function createBuild<Shape extends string>(signature: FunctionSignature<Shape>): BuildFunc {
  return async (context: BuildContext): Promise<BuildResult> => {
    const { logger, layers, appDir } = context;
    const entry = context.plan.find((e) => e.name === signature.planName);
    if (!entry) throw new Error(`the buildpack plan has no ${signature.planName} entry: detect did not run or did not pass`);
    const plan = readPlanMetadata(entry);
    const [candidate, ...others] = plan.candidates;
    if (!candidate) throw new Error(`the ${signature.planName} plan entry lists no function`);
    if (others.length > 0) throw severalCandidates(signature, plan);
    if (plan.missingImports.length > 0) throw missingImports(signature, plan);
    if (!signature.specs.some((spec) => spec.id === candidate.shape)) {
      throw new Error(`unknown ${signature.kind} shape ${JSON.stringify(candidate.shape)} in the plan`);
    }

    logger.process(`Wrapping the ${signature.kind} ${candidate.name} of ${plan.importPath}`);
    logger.subprocess(`${candidate.signature} at ${candidate.position}`);
    const generated = signature.generate(
      { modulePath: plan.modulePath, importPath: plan.importPath, name: candidate.name, position: candidate.position },
      candidate.shape as Shape,
    );
    await writeGeneratedPackage(appDir, generated);
    logger.subprocess(`Generated the server package ${generated.buildTarget} (${generated.files.length} files)`);

    const layer = await layers.get(GO_TARGETS_LAYER);
    await layer.reset();
    layer.types = { build: true, launch: false, cache: false };
    layer.buildEnv.override("BP_GO_TARGETS", generated.buildTarget);
    logger.subprocess(`Set BP_GO_TARGETS=${generated.buildTarget} for go-build`);
    return { layers: [layer] };
  };
}

function severalCandidates(signature: FunctionSignature, plan: FunctionPlan): UserError {
  const list = plan.candidates.map((c) => `  ${c.position}: ${c.signature}`).join("\n");
  const dir = plan.packageDir === "." ? "" : ` in ${FUNCTION_DIR_VAR}=${plan.packageDir}`;
  return new UserError(`found ${plan.candidates.length} ${signature.kind}s in ${plan.importPath}${dir}; which one should be served?\n${list}`, {
    where: plan.importPath,
    fix: `set the build-time variable ${FUNCTION_NAME_VAR} to one of: ${plan.candidates.map((c) => c.name).join(", ")} (e.g. pack build --env ${FUNCTION_NAME_VAR}=${plan.candidates[0]?.name})`,
  });
}

function missingImports(signature: FunctionSignature, plan: FunctionPlan): UserError {
  const imports = plan.missingImports.map((path) => `\t_ "${path}"`).join("\n");
  return new UserError(
    `the generated ${signature.kind} server needs ${plan.missingImports.join(" and ")}, which your module does not build yet (fnpacks never edits go.mod, go.sum or vendor/)`,
    {
      where: plan.importPath,
      fix: `add these blank imports to a file of ${plan.importPath}, then run go mod tidy (and go mod vendor if you vendor):\nimport (\n${imports}\n)`,
    },
  );
}
