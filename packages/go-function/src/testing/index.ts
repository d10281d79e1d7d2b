export { type PhaseResult, runCompiled, runInProcess, useWorkspaces, Workspace } from "./phases";
