/** The registry's name for it: every signature package exports `signature` (see devkit's signatures.ts). */
export { cloudEventsFunction as signature, cloudEventsFunction, takesEvent } from "./signature";
