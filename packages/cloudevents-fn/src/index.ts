/** The registry's name for it: every signature package exports `signature` (see devkit's signatures.ts). */
export { cloudEventsFunction as signature, cloudEventsFunction } from "./signature";
export { generateCloudEventsServer } from "./generate";
export { CLOUDEVENTS_SPECS, type CloudEventsShape, takesEvent } from "./specs";
