// Detection never looks inside function bodies but those of `func init()` (where
// registrations are), and tree-sitter spends about half its time in bodies. Blanking them
// before parsing halves the parse; dropping their text altogether, newlines kept (so every
// line stays put, which is all detection reports), halves it again: tree-sitter's lexer pays
// for every character, blank or not. The lexer here only needs to know enough Go to match
// braces: strings, raw strings, runes and comments. Anything unexpected leaves that body (or
// the file) as it was.

const NL = 10;
const SPACE = 32;
const QUOTE = 34;
const APOS = 39;
const LPAREN = 40;
const RPAREN = 41;
const SLASH = 47;
const STAR = 42;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const RBRACE = 125;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}


/**
 * Skips a string, raw string, rune or comment starting at `i`; returns the index after it,
 * or -1 if `i` starts none of them, or `source.length + 1` if it never ends.
 */
function skipLiteralOrComment(source: string, i: number): number {
  const c = source.charCodeAt(i);
  const n = source.length;
  if (c === SLASH) {
    const next = source.charCodeAt(i + 1);
    if (next === SLASH) {
      const end = source.indexOf("\n", i);
      return end < 0 ? n : end;
    }
    if (next === STAR) {
      const end = source.indexOf("*/", i + 2);
      return end < 0 ? n + 1 : end + 2;
    }
    return -1;
  }
  if (c === BACKTICK) {
    const end = source.indexOf("`", i + 1);
    return end < 0 ? n + 1 : end + 1;
  }
  if (c === QUOTE || c === APOS) {
    for (let j = i + 1; j < n; j++) {
      const d = source.charCodeAt(j);
      if (d === BACKSLASH) j++;
      else if (d === c) return j + 1;
      else if (d === NL) return n + 1;
    }
    return n + 1;
  }
  return -1;
}

/** The word ending just before `i` (skipping spaces), e.g. "struct" in `struct {`. */
function wordBefore(source: string, i: number): string {
  let end = i;
  while (end > 0 && source.charCodeAt(end - 1) <= SPACE) end--;
  let start = end;
  while (start > 0 && isIdentChar(source.charCodeAt(start - 1))) start--;
  return source.slice(start, end);
}

/** What matters inside a body: a regex jumps between them in native code (bodies are most of a file). */
/** A run of what does not matter inside a body, skipped with test() (no match objects to collect). */
const NOT_BRACE_OR_LITERAL = /[^{}/`"']*/y;

/** Index of the `}` matching the `{` at `open`, or -1. */
function matchingBrace(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    NOT_BRACE_OR_LITERAL.lastIndex = i;
    NOT_BRACE_OR_LITERAL.test(source);
    i = NOT_BRACE_OR_LITERAL.lastIndex;
    if (i >= source.length) return -1;
    const c = source.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) {
      if (--depth === 0) return i;
    } else {
      const after = skipLiteralOrComment(source, i);
      if (after > source.length) return -1;
      if (after >= 0) i = after - 1;
    }
  }
  return -1;
}

/** Outside a signature only brackets, literal starts and the `f` of `func` change anything. */
const OUTSIDE_SKIP = /[^()[\]{}/`"'f]*/y;
/** Inside a signature: brackets, the body's `{`, a newline (a func without body), literal starts. */
const SIGNATURE_SKIP = /[^()[\]{\n/`"']*/y;

/** A line starting with a top-level keyword, found from the newline before it. */
const TOP_LEVEL_LINE_AFTER_NEWLINE = /\n(?:func|type|var|const|import|package)[\s(]/;

/** Whether a line after a newline inside [from, to) starts with a top-level keyword (then the braces lied). */
function containsTopLevelLine(source: string, from: number, to: number): boolean {
  const newline = source.indexOf("\n", from);
  if (newline < 0 || newline >= to) return false; // a one-line body
  // The keyword after a newline just before `to` may run past it; a newline past it does not count.
  const match = TOP_LEVEL_LINE_AFTER_NEWLINE.exec(source.slice(from, to + 9));
  return match !== null && match.index < to - from;
}

/**
 * An init body larger than this is blanked too: registrations take a few lines, and parsing a
 * generated init of megabytes would cost more than the rest of the package.
 */
export const MAX_INIT_BODY_BYTES = 64 * 1024;

/** `func` followed by ` init() {`: a package initialiser (a method named init has a receiver first). */
const INIT_HEADER = /\s+init\s*\(\s*\)\s*\{/y;

function isInitHeader(source: string, afterFunc: number): boolean {
  INIT_HEADER.lastIndex = afterFunc;
  return INIT_HEADER.test(source);
}

const lineAt = (source: string, index: number): number => source.slice(0, index).split("\n").length;

export interface BlankedSource {
  text: string;
  /** 1-based lines of `func init()` declarations whose bodies were blanked for their size. */
  oversizedInitLines: number[];
  /**
   * 1-based lines that start with a top-level `func` (not one in a string or comment); none
   * when the text could not be read (it is then returned unchanged).
   */
  topLevelFuncLines: number[];
}

/**
 * The source with the contents of every function body that starts at the top level (funcs,
 * methods, func literals in var initialisers) reduced to its newlines — except the bodies of
 * `func init()` up to `maxInitBodyBytes`. Lines stay where they were; columns after a body
 * on its closing line move left.
 */
export function blankFunctionBodies(source: string, maxInitBodyBytes = MAX_INIT_BODY_BYTES): BlankedSource {
  const n = source.length;
  const blanks: [number, number][] = [];
  const oversizedInitLines: number[] = [];
  let depth = 0; // ( [ { nesting outside the function signature being read
  let inSignature = false; // after a top-level `func`, before its body
  let sigDepth = 0; // ( [ nesting inside that signature
  let initAt = -1; // where the `func` of an init being read starts, else -1
  const funcsAt: number[] = []; // offsets of top-level `func`s in column 0
  const unchanged = { text: source, oversizedInitLines, topLevelFuncLines: [] };
  for (let i = 0; i < n; i++) {
    // Jump to the next character that can change anything (a regex runs natively; a file's
    // signatures and comments are scanned here, character by character otherwise).
    const skip = inSignature ? SIGNATURE_SKIP : OUTSIDE_SKIP;
    skip.lastIndex = i;
    skip.test(source);
    i = skip.lastIndex;
    if (i >= n) break;
    const c = source.charCodeAt(i);
    if (c === SLASH || c === BACKTICK || c === QUOTE || c === APOS) {
      const after = skipLiteralOrComment(source, i);
      if (after > n) return unchanged;
      if (after >= 0) {
        i = after - 1;
        continue;
      }
    }
    if (inSignature) {
      if (c === LPAREN || c === LBRACKET) sigDepth++;
      else if (c === RPAREN || c === RBRACKET) sigDepth--;
      else if (c === NL && sigDepth === 0) inSignature = false; // no body (e.g. an assembly func)
      else if (c === LBRACE) {
        const close = matchingBrace(source, i);
        if (close < 0) return unchanged;
        const word = wordBefore(source, i);
        if (sigDepth === 0 && word !== "struct" && word !== "interface") {
          const keep = initAt >= 0 && close - i <= maxInitBodyBytes;
          if (initAt >= 0 && !keep) oversizedInitLines.push(lineAt(source, initAt));
          if (!keep && !containsTopLevelLine(source, i, close)) blanks.push([i + 1, close]);
          inSignature = false;
        }
        i = close;
      }
      continue;
    }
    if (c === LPAREN || c === LBRACKET || c === LBRACE) depth++;
    else if (c === RPAREN || c === RBRACKET || c === RBRACE) depth--;
    else if (
      depth === 0 &&
      c === 102 /* f */ &&
      source.startsWith("func", i) &&
      !isIdentChar(source.charCodeAt(i + 4)) &&
      (i === 0 || !isIdentChar(source.charCodeAt(i - 1)))
    ) {
      inSignature = true;
      sigDepth = 0;
      if (i === 0 || source.charCodeAt(i - 1) === NL) funcsAt.push(i);
      initAt = isInitHeader(source, i + 4) ? i : -1;
      i += 3;
    }
  }
  const topLevelFuncLines = linesOf(source, funcsAt);
  if (blanks.length === 0) return { ...unchanged, topLevelFuncLines };
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of blanks) {
    parts.push(source.slice(at, from), "\n".repeat(newlinesIn(source, from, to)));
    at = to;
  }
  parts.push(source.slice(at));
  return { text: parts.join(""), oversizedInitLines, topLevelFuncLines };
}

function newlinesIn(source: string, from: number, to: number): number {
  let count = 0;
  for (let nl = source.indexOf("\n", from); nl >= 0 && nl < to; nl = source.indexOf("\n", nl + 1)) count++;
  return count;
}

/** The 1-based lines of ascending offsets, in one pass. */
function linesOf(source: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (let nl = source.indexOf("\n", at); nl >= 0 && nl < offset; nl = source.indexOf("\n", nl + 1)) {
      line++;
      at = nl + 1;
    }
    lines.push(line);
  }
  return lines;
}
