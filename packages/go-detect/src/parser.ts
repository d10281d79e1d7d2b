import { readWholeFile } from "@fnpacks/host-io";
import type { Language, Parser, Tree } from "web-tree-sitter";

/**
 * Where the two WASM files are. The defaults resolve them from node_modules; the compiled
 * buildpacks pass the paths bun gives their embedded copies.
 */
export interface GoParserOptions {
  /** web-tree-sitter's runtime, tree-sitter.wasm. */
  treeSitterWasm?: string;
  /** tree-sitter-go's grammar, tree-sitter-go.wasm. */
  goGrammarWasm?: string;
}

/** A parse ended because its caller's budget ran out. */
export class ParseCancelled extends Error {
  override name = "ParseCancelled";
  constructor() {
    super("parse cancelled");
  }
}

/**
 * A file needs parsing and no parser was given: the package is read again with one (see
 * analyzeFunctionPackageLazily). Never seen by callers that pass a parser.
 */
export class ParserNeeded extends Error {
  override name = "ParserNeeded";
  constructor() {
    super("a file needs the parser");
  }
}

/** A tree-sitter parser for Go; create once, use for many files. */
export interface GoParser {
  /**
   * Parses Go source. The caller must `delete()` the tree. `shouldStop` is polled during the
   * parse; once it says true the parse ends with ParseCancelled.
   */
  parse(source: string, shouldStop?: () => boolean): Tree;
  /** Frees the WASM-side parser. */
  delete(): void;
}

export function defaultTreeSitterWasm(): string {
  return require.resolve("web-tree-sitter/tree-sitter.wasm");
}

export function defaultGoGrammarWasm(): string {
  return require.resolve("tree-sitter-go/tree-sitter-go.wasm");
}

/**
 * web-tree-sitter, loaded when the first parser is made: evaluating it costs a compiled
 * detect about a millisecond, which an app without go.mod never needs to pay.
 */
function treeSitter(): typeof import("web-tree-sitter") {
  return require("web-tree-sitter");
}

// Parser.init sets up one WASM runtime per process; later calls reuse it.
let runtimeReady: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

function initRuntime(wasmPath: string): Promise<void> {
  if (runtimeReady === undefined) {
    runtimeReady = readWholeFile(wasmPath)
      .then((wasmBinary) => treeSitter().Parser.init({ wasmBinary }))
      .catch((e: unknown) => {
      runtimeReady = undefined;
      throw new Error(`cannot start tree-sitter from ${wasmPath}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  return runtimeReady;
}

function loadLanguage(wasmPath: string): Promise<Language> {
  let language = languages.get(wasmPath);
  if (language === undefined) {
    language = readWholeFile(wasmPath)
      .then((wasm) => treeSitter().Language.load(wasm))
      .catch((e: unknown) => {
      languages.delete(wasmPath);
      throw new Error(`cannot load the Go grammar from ${wasmPath}: ${e instanceof Error ? e.message : String(e)}`);
    });
    languages.set(wasmPath, language);
  }
  return language;
}

/** Creates a Go parser from explicit WASM paths (or the node_modules defaults). */
export async function createGoParser(options: GoParserOptions = {}): Promise<GoParser> {
  await initRuntime(options.treeSitterWasm ?? defaultTreeSitterWasm());
  const language = await loadLanguage(options.goGrammarWasm ?? defaultGoGrammarWasm());
  const parser: Parser = new (treeSitter().Parser)();
  parser.setLanguage(language);
  return {
    parse(source, shouldStop) {
      const tree = parser.parse(source, null, shouldStop ? { progressCallback: shouldStop } : undefined);
      if (tree === null) {
        // A halted parse would otherwise be resumed by the next call, on whatever text it gets.
        parser.reset();
        if (shouldStop?.()) throw new ParseCancelled();
        throw new Error("tree-sitter returned no tree");
      }
      return tree;
    },
    delete() {
      parser.delete();
    },
  };
}
