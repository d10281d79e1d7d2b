// Text from the user's tree (names, paths) written into Go source: literals and comments.

/**
 * A Go string literal for any text. Escapes are those Go and JSON share (`\"`, `\\`, `\n`,
 * `\uXXXX`), so the literal also parses as JSON; what Go source cannot hold verbatim is
 * escaped: control characters, a byte order mark (rejected past a file's start) and lone
 * surrogates (no UTF-8 exists for them; they become U+FFFD, as writing the text would make them).
 */
export function goString(text: string): string {
  return `"${escapeText(text, true)}"`;
}

/**
 * Text for a `//` comment, on one line whatever it holds (a file name with a newline would
 * otherwise end the comment and leave the rest as code): the characters goString escapes are
 * escaped the same way; quotes and backslashes stay as they are.
 */
export function goComment(text: string): string {
  return escapeText(text, false);
}

function escapeText(text: string, quoted: boolean): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (quoted && (char === '"' || char === "\\")) out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (char === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f || code === 0xfeff || code === 0x2028 || code === 0x2029) out += unicodeEscape(code);
    else if (code >= 0xd800 && code <= 0xdfff) out += unicodeEscape(0xfffd);
    else out += char;
  }
  return out;
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}
