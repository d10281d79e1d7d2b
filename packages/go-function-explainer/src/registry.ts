// The signatures the explainer knows: every signature package of the repository, found at
// build time by scripts/signature-registry.mjs (src/signatures.generated.ts), so a new
// signature is explained with no list to edit. What the explainer needs of them together.
import type { ImportFacts } from "@fnpacks/go-detect";
import { acceptedShapes, type FunctionSignature, signatureFacts } from "@fnpacks/go-function";

/** A signature package as the explainer knows it. */
export interface RegisteredSignature {
  /** Its buildpack's id, e.g. fnpacks/go-http-function. */
  id: string;
  signature: FunctionSignature;
}

/** Every signature's import facts as one (they name different packages), to read a package once for all. */
export function mergedImportFacts(signatures: readonly RegisteredSignature[]): ImportFacts {
  const packageNames: Record<string, string> = {};
  const exports: Record<string, string[]> = {};
  for (const { signature } of signatures) {
    Object.assign(packageNames, signature.importFacts?.packageNames ?? {});
    for (const [path, names] of Object.entries(signature.importFacts?.exports ?? {})) exports[path] = [...new Set([...(exports[path] ?? []), ...names])];
  }
  return { packageNames, exports };
}

/**
 * The names of the types that make the signatures' shapes specific (net/http's Request, an
 * SDK's Event): a declaration whose text names one of them, qualified, may be a function of a
 * signature. For files and declarations go-detect does not read (excluded files, generic funcs).
 */
export function specificTypeNames(signatures: readonly RegisteredSignature[]): string[] {
  const names = new Set<string>();
  for (const { signature } of signatures) {
    for (const { shape } of acceptedShapes(signatureFacts(signature))) {
      for (const p of [...shape.params, ...shape.results]) {
        if (!("any" in p) && p.importPath !== "" && p.importPath !== "context") names.add(p.name);
      }
    }
  }
  return [...names].sort();
}
