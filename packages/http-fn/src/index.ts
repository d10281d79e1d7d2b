/** The registry's name for it: every signature package exports `signature` (see devkit's signatures.ts). */
export { httpFunction as signature, httpFunction } from "./signature";
export { generateHttpServer } from "./generate";
export { HTTP_SPECS, type HttpShape } from "./specs";
