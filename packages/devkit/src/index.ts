export {
  type BuildpackDir,
  GO_BUILD,
  GO_DIST_STANDIN,
  GO_MOD_VENDOR_STANDIN,
  type GroupEntry,
  buildpackPath,
  EXPLAINER_KEY,
  isBuildpackName,
  isExplainerToml,
  layOutBuildpacks,
  orderToml,
  readBuildpack,
} from "./buildpacks";
export { DevkitError } from "./errors";
export { type ExplainOptions, type Explanation, explainApp, formatExplanations } from "./explain";
export { cachedLayerNames, type LayerCacheOptions, restoreCachedLayers, saveCachedLayers } from "./layer-cache";
export { lifecycleExitMeaning } from "./lifecycle-exit";
export { parseGroupToml, parsePlanToml, type ResolvedPlan, type ResolvedPlanEntry } from "./lifecycle-files";
export { type GoMembers, groupsPerSignature, type ResolvedOrder, resolveComposite, STANDINS } from "./order";
export { COMPOSITE_ORDER, DEFAULT_CACHE_DIR, GO_DIST_STANDIN_DIR, GO_MOD_VENDOR_STANDIN_DIR, repoBuildpacks } from "./paths";
export { type BuildOptions, type BuiltApp, buildApp, type DetectedApp, detectApp } from "./platform";
export { PLATFORM_API } from "./platform-api";
export { writePlatformEnv } from "./platform-env";
export { runImageTarget } from "./run-image";
export { freePort, type RunningApp, type StartOptions } from "./process";
export { inCompositeOrder, isExplainerPackage, type SignaturePackage, signaturePackages } from "./signatures";
export { ensureTools, type Tools } from "./tools";
export type { ExportedImage } from "./image-export";
export { buildIds, buildUser } from "./build-user";
export { lock } from "./lock";
