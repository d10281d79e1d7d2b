// Not a signature: the buildpack that explains why no signature took an app (its buildpack.toml
// says so with [metadata] fnpacks-explainer, which the signature registries read).
export { explainerBuildpack } from "./buildpack";
export { explanationError, logExplanation, MAX_LISTED } from "./build";
export { EXPLAINER_PLAN, createExplainerDetect } from "./detect";
export { type ExplainedItem, type ExplainInput, type Explanation, explainApp } from "./explain";
export { mergedImportFacts, type RegisteredSignature, specificTypeNames } from "./registry";
