export type { Analysis, Analyze, AnalyzedPackage, AnalyzeRequest } from "./analyze";
export { createBuild, GO_TARGETS_LAYER } from "./build";
export { functionBuildpack } from "./buildpack";
export { FUNCTION_DIR_VAR, FUNCTION_NAME_VAR, type FunctionConfig, GOOGLE_FUNCTION_TARGET_VAR, readFunctionConfig } from "./config";
export { createDetect, type SignatureFacts, selectCandidates, signatureFacts, signatureSpecs } from "./detect";
export { analyzeLoaded, goDetectAnalyzer, type LoadedRequest } from "./go-detect-analyzer";
export { FUNCTIONS_FRAMEWORK, FUNCTIONS_FRAMEWORK_FUNCTIONS, FUNCTIONS_FRAMEWORK_MODULE } from "./functions-framework";
export { instancedSpec, lifecycleMethods, preferInstances } from "./instanced";
export {
  type AcceptedShape,
  acceptedShapes,
  byNearness,
  closestName,
  constructorNearMisses,
  describePattern,
  describeShape,
  editDistance,
  exportedName,
  formatNearMiss,
  methodNearMisses,
  NEARNESS,
  type NearMiss,
  namedNearMisses,
  positionOf,
  type ShapeFacts,
  shapeOf,
  typeNearMisses,
  unexportedNearMisses,
  withArticle,
  wrongTypes,
} from "./near-misses";
export { type FunctionPlan, type PlannedCandidate, type PlannedInstance, planMetadata, readPlanMetadata } from "./plan";
export {
  findRegistrations,
  type PlannedRegistration,
  type RefusedRegistration,
  type RegistrationCall,
  type RegistrationForm,
  type RegistrationFramework,
} from "./registered";
export { type CandidateSelection, EVERY_FUNCTION, ONE_FUNCTION } from "./selection";
export { type ChosenFunction, type FunctionSignature, generateOne } from "./signature";
export type { RefusedMatch, Vet, Vetted } from "./vet";
