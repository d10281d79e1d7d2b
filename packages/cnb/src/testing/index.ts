// @fnpacks/cnb/testing: what a buildpack's tests need, without reaching into another package's dist/.
export { fakeBuildContext, fakeDetectContext } from "./contexts";
export { type CompiledOptions, type CompiledPhaseResult, type PhaseResult, runCompiled, runInProcess, useWorkspaces, Workspace } from "./workspace";
export { proctimeExecutable } from "./proctime";
