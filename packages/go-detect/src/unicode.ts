// Patterns over Go text that need Unicode classes (\p{L} …), matched by an ASCII twin when the
// text is ASCII. JSC takes about a millisecond to build a \p{L} class and as long again to
// compile the pattern on its first use, at every start of the compiled detect; Go source is
// nearly always ASCII, and then the twin, which costs next to nothing, gives the same answer.

/** A Go identifier: a letter or _, then letters, digits and _. */
export const IDENT = "[\\p{L}_][\\p{L}\\p{Nd}_]*";
/** IDENT over ASCII text, where \p{L} is A-Z a-z and \p{Nd} is 0-9. */
export const ASCII_IDENT = "[A-Za-z_][A-Za-z0-9_]*";


function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** What detection asks of a pattern (no g or y flag: no state between calls). */
export interface TextPattern {
  exec(text: string): RegExpExecArray | null;
  test(text: string): boolean;
}

/**
 * A pattern given twice, over Unicode and over ASCII (the same pattern with the classes
 * narrowed to ASCII); the Unicode one is built the first time a text needs it.
 */
export function asciiOrUnicode(ascii: string, unicode: string, flags = "u"): TextPattern {
  const asciiPattern = new RegExp(ascii, flags);
  let unicodePattern: RegExp | undefined;
  const pick = (text: string) => {
    if (isAscii(text)) return asciiPattern;
    unicodePattern ??= new RegExp(unicode, flags);
    return unicodePattern;
  };
  return { exec: (text) => pick(text).exec(text), test: (text) => pick(text).test(text) };
}

/** `build(IDENT)` over Unicode and `build(ASCII_IDENT)` over ASCII. */
export function identPattern(build: (ident: string) => string, flags = "u"): TextPattern {
  return asciiOrUnicode(build(ASCII_IDENT), build(IDENT), flags);
}
