// The file and console calls a buildpack executable makes on its hot path (detect runs in
// every Go build): one API, bun's native calls when compiled (bun-host.ts says why), node:fs
// under Node. Each implementation is loaded when first used, so a compiled detect never
// evaluates node:fs, and tests under Node never touch bun's API.
import type { FileRead, Listing, PathKind } from "./files";

export { describeFsError, errorCode, type FileRead, type Listing, type PathKind, type StatLike, whyNotRead } from "./files";
export { path } from "./path";

declare const Bun: unknown;
const onBun = typeof Bun !== "undefined";

function bunHost(): typeof import("./bun-host") {
  return require("./bun-host");
}
function nodeHost(): typeof import("./node-host") {
  return require("./node-host");
}

/**
 * Reads `path` if it is a regular file of at most `maxBytes` bytes. Whatever is there — a
 * FIFO, a link to /dev/zero, a 3 GiB sparse file, a symlink loop — it ends at once with bytes
 * or a reason: nothing that is not a regular file is opened, nothing larger than the cap is
 * read. Never throws.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<FileRead> {
  return onBun ? bunHost().readBoundedFile(path, maxBytes) : nodeHost().readBoundedFile(path, maxBytes);
}

/** The names in `dir` (names that are not UTF-8 apart, shown as latin1), or why it cannot be listed. */
export function listDirectory(dir: string): Listing {
  return onBun ? bunHost().listDirectory(dir) : nodeHost().listDirectory(dir);
}

/** What is at `path`, following symlinks. Throws only for what is neither there nor missing (EACCES, ELOOP). */
export async function pathKind(path: string): Promise<PathKind> {
  return onBun ? bunHost().pathKind(path) : nodeHost().pathKind(path);
}

/** A whole file the program itself ships (a WASM module, its buildpack.toml). */
export async function readWholeFile(path: string): Promise<Uint8Array> {
  return onBun ? bunHost().readWholeFile(path) : nodeHost().readWholeFile(path);
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  return onBun ? bunHost().writeTextFile(path, text) : nodeHost().writeTextFile(path, text);
}

/** A writer for stdout (1) or stderr (2) that never sets up a node stream for a line or two. */
export function outputWriter(fd: 1 | 2): (text: string) => void {
  return onBun ? bunHost().lineWriter(fd) : nodeHost().fdWriter(fd);
}
