export { createCloudEventsFunctionBuildpack } from "./buildpack";
export { cloudEventsFunction, takesEvent } from "./signature";
