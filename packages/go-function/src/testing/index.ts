export { type PhaseResult, runCompiled, runInProcess, Workspace } from "./phases";
