// Declarations go-detect does not read — in files go build leaves out (tests, other platforms'
// files), and generic funcs, whose signature it sets aside — looked at as text: a declaration
// line that names one of the signatures' specific types, qualified (`http.ResponseWriter`,
// `cloudevents.Event`), may be the function the user meant. Files are read through
// go-detect's bounded reader, so nothing here can hang or balloon on hostile input.
import { join } from "node:path";
import { readBoundedFile, type SkippedFile } from "@fnpacks/go-detect";

/** Larger files are no function source worth scanning (go-detect's own cap is 8 MiB). */
const MAX_SCANNED_BYTES = 1024 * 1024;

/** An exported top-level func declared at the start of a line: its name, then the rest of the line. */
const EXPORTED_FUNC = /^func[ \t]+(\p{Lu}[\p{L}\p{Nd}_]*)[ \t]*([[(].*)$/gmu;

/** The reasons go-detect skips a file for that leave its functions out of the build: tests and build constraints. */
export function leftOutByGoBuild(reason: string): boolean {
  return reason === "test file" || /^(\/\/go:build|\/\/ \+build|file name suffix|malformed build constraint)/.test(reason);
}

/** Whether a declaration's text names one of the types, qualified. */
export function namesSpecificType(text: string, typeNames: readonly string[]): boolean {
  return typeNames.length > 0 && new RegExp(`\\.\\s*(?:${typeNames.join("|")})\\b`).test(text);
}

async function readText(path: string): Promise<string | undefined> {
  const read = await readBoundedFile(path, MAX_SCANNED_BYTES);
  if (read.kind !== "read" || read.bytes.includes(0)) return undefined;
  return new TextDecoder().decode(read.bytes);
}

export interface LeftOutFunc {
  name: string;
  file: string;
  line: number;
  /** Why go build leaves the file out, as go-detect says it. */
  reason: string;
}

/** Exported funcs naming a signature's type in the files go build leaves out of the package in `dir`. */
export async function funcsInLeftOutFiles(dir: string, skipped: readonly SkippedFile[], typeNames: readonly string[]): Promise<LeftOutFunc[]> {
  const found: LeftOutFunc[] = [];
  for (const { name, reason } of skipped) {
    if (!leftOutByGoBuild(reason)) continue;
    const text = await readText(join(dir, name));
    if (text === undefined) continue;
    for (const match of text.matchAll(EXPORTED_FUNC)) {
      if (!namesSpecificType(match[2] ?? "", typeNames)) continue;
      const line = text.slice(0, match.index).split("\n").length;
      found.push({ name: match[1] as string, file: name, line, reason });
    }
  }
  return found;
}

/** The text of line `line` (1-based) of a file in dir, for a declaration go-detect names only. */
export async function declarationLine(dir: string, file: string, line: number): Promise<string> {
  return (await readText(join(dir, file)))?.split("\n")[line - 1] ?? "";
}
