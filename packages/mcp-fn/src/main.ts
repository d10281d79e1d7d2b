// The entry bun compiles into bin/run (bin/detect and bin/build link to it). The WASM files
// are embedded in the executable; bun hands us paths to read them from.
import { run } from "@fnpacks/cnb";
import { functionBuildpack } from "@fnpacks/go-function";
import goGrammarWasm from "tree-sitter-go/tree-sitter-go.wasm" with { type: "file" };
import treeSitterWasm from "web-tree-sitter/tree-sitter.wasm" with { type: "file" };
import { mcpTools } from "./signature";

run(functionBuildpack(mcpTools, { treeSitterWasm, goGrammarWasm }));
