export { createHttpFunctionBuildpack } from "./buildpack";
export { httpFunction } from "./signature";
