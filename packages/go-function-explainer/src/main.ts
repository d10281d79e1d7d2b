// The entry bun compiles into bin/run (bin/detect and bin/build link to it). The WASM files
// are embedded in the executable; bun hands us paths to read them from. The signatures come
// from src/signatures.generated.ts (scripts/signature-registry.mjs writes it at build time),
// required by build only.
import { run } from "@fnpacks/cnb";
import goGrammarWasm from "tree-sitter-go/tree-sitter-go.wasm" with { type: "file" };
import treeSitterWasm from "web-tree-sitter/tree-sitter.wasm" with { type: "file" };
import { explainerBuildpack } from "./buildpack";
import type { RegisteredSignature } from "./registry";

const signatures = (): readonly RegisteredSignature[] => (require("./signatures.generated") as typeof import("./signatures.generated")).SIGNATURES;

run(explainerBuildpack(signatures, { treeSitterWasm, goGrammarWasm }));
