/** The registry's name for it: every signature package exports `signature` (see devkit's signatures.ts). */
export { httpFunction as signature, httpFunction } from "./signature";
