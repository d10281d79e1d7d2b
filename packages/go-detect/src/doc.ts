// Doc comments of top-level funcs, read from the file's text: the `//` lines right above the
// declaration, as gofmt leaves them. A signature may use one (an MCP tool's description is its
// function's doc comment); nothing in detection depends on them.

/** A doc comment longer than this is cut at a line boundary: it travels in the build plan. */
export const MAX_DOC_BYTES = 16 * 1024;

/** `//go:generate`, `//lint:ignore`, `//line`, `//export`, `//extern`: directives, not prose (go/doc drops them too). */
const DIRECTIVE = /^\/\/(?:line |extern |export |[a-z0-9]+:[a-z0-9])/;
const LINE_COMMENT = /^[ \t]*\/\//;

/** The lines of a text, found on demand: most files have few funcs, and none need every line. */
export class TextLines {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) this.starts.push(at + 1);
  }

  /** Line `n` (1-based) without its newline (and a `\r` before it); undefined past either end. */
  line(n: number): string | undefined {
    const start = this.starts[n - 1];
    if (start === undefined || n < 1) return undefined;
    const next = this.starts[n];
    const end = next === undefined ? this.text.length : next - 1;
    const text = this.text.slice(start, end);
    return text.endsWith("\r") ? text.slice(0, -1) : text;
  }
}

/**
 * The doc comment of the declaration on line `declLine` (1-based): the `//` comment lines
 * directly above it, with no blank line between, each without `//` and the one space after it,
 * directives left out, leading and trailing empty lines trimmed. Undefined when there is none.
 * `/* … *\/` blocks are not read (gofmt-formatted Go documents funcs with `//`).
 */
export function docComment(lines: TextLines, declLine: number): string | undefined {
  const group: string[] = [];
  for (let n = declLine - 1; n >= 1; n--) {
    const text = lines.line(n);
    if (text === undefined || !LINE_COMMENT.test(text)) break;
    group.push(text.trimStart());
  }
  const prose = group
    .reverse()
    .filter((comment) => !DIRECTIVE.test(comment))
    .map((comment) => comment.slice(2).replace(/^ /, "").trimEnd());
  while (prose.length > 0 && prose[0] === "") prose.shift();
  while (prose.length > 0 && prose[prose.length - 1] === "") prose.pop();
  if (prose.length === 0) return undefined;
  return cut(prose);
}

/** The lines joined, at most MAX_DOC_BYTES of them: whole lines, or the start of a first line longer than that. */
function cut(prose: string[]): string {
  let bytes = -1;
  let kept = 0;
  for (const text of prose) {
    bytes += Buffer.byteLength(text) + 1;
    if (bytes > MAX_DOC_BYTES) break;
    kept++;
  }
  if (kept > 0) return prose.slice(0, kept).join("\n");
  // A cut inside a character leaves U+FFFD: drop it.
  return Buffer.from(prose[0] ?? "").subarray(0, MAX_DOC_BYTES).toString().replace(/\uFFFD+$/, "");
}
