export type { Analysis, Analyze, AnalyzedPackage, AnalyzeRequest } from "./analyze";
export { createBuild, GO_TARGETS_LAYER } from "./build";
export { functionBuildpack } from "./buildpack";
export { FUNCTION_DIR_VAR, FUNCTION_NAME_VAR, type FunctionConfig, readFunctionConfig } from "./config";
export { createDetect } from "./detect";
export { goDetectAnalyzer } from "./go-detect-analyzer";
export { type FunctionPlan, type PlannedCandidate, planMetadata, readPlanMetadata } from "./plan";
export { type CandidateSelection, EVERY_FUNCTION, ONE_FUNCTION } from "./selection";
export { type ChosenFunction, type FunctionSignature, generateOne } from "./signature";
