export { type CompiledPhaseResult, type PhaseResult, runCompiled, runInProcess, useWorkspaces, Workspace } from "./phases";
