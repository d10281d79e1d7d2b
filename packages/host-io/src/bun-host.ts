// The implementation inside a bun-compiled executable: bun's native file and console calls.
// In such an executable the first import of node:fs costs about half a bun hello world's whole
// start-up, node:fs/promises as much again, and the first touch of process.stdout as much
// again (measured in `pnpm bench`'s detect section): more than detect's own work on a small
// package. Bun.file, Bun.Glob and console are native and cost next to nothing.
//
// Where bun has no native answer (lstat; a name that is not UTF-8; a line without its newline)
// the node implementation is loaded then, on that rare path only.
import { describeFsError, errorCode, type FileRead, type Listing, type PathKind, type StatLike, whyNotRead } from "./files";

/** What this file uses of bun's API (bun's types are not a dependency). */
interface BunFile {
  /** The size stat gives, at once (0 when nothing is there). */
  readonly size: number;
  stat(): Promise<StatLike>;
  slice(begin: number, end: number): BunFile;
  bytes(): Promise<Uint8Array>;
}
declare const Bun: {
  file(path: string): BunFile;
  write(path: string, data: string, options: { createPath: boolean }): Promise<number>;
  Glob: new (pattern: string) => {
    scanSync(options: { cwd: string; dot: boolean; onlyFiles: boolean; followSymlinks: boolean; throwErrorOnBrokenSymlink: boolean }): Iterable<string>;
  };
};

function nodeHost(): typeof import("./node-host") {
  return require("./node-host");
}

/**
 * Reads `path` if it is a regular file of at most `maxBytes` bytes; never throws. A device or
 * FIFO is refused from its stat and never opened. (Unlike the node implementation there is no
 * fstat of the opened file, so a file swapped for a FIFO between the two calls would block
 * the read: that takes another process racing detect, not anything in the app dir.)
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<FileRead> {
  let st: StatLike;
  try {
    st = await Bun.file(path).stat();
  } catch (e) {
    return unstattable(path, e);
  }
  const why = whyNotRead(st, maxBytes);
  if (why !== undefined) return { kind: "refused", reason: why };
  let bytes: Uint8Array;
  try {
    // One byte more than its size tells a file that is still growing from one that fits.
    bytes = await Bun.file(path).slice(0, st.size + 1).bytes();
  } catch (e) {
    return { kind: "refused", reason: describeFsError(e) };
  }
  if (bytes.length > st.size) return { kind: "refused", reason: "growing while it is read" };
  return { kind: "read", bytes };
}

/** As node's: missing when no entry has the name (bun has no lstat; its dir's listing tells). */
function unstattable(path: string, e: unknown): FileRead {
  if (errorCode(e) === "ENOTDIR") return { kind: "missing" };
  if (errorCode(e) !== "ENOENT") return { kind: "refused", reason: describeFsError(e) };
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  if (hasEntry(dir, path.slice(slash + 1)) === false) return { kind: "missing" };
  // An entry that stat cannot follow, or a listing that cannot tell: node's lstat says which.
  return nodeHost().unstattable(path, e);
}

/**
 * The largest dir (its st_size) listed to look for one name: a missing go.mod is asked about in
 * every detect, and listing an app root of 200,000 entries took a fifth of a second and all
 * their names in memory (Bun.Glob lists a dir whole). A larger dir is left to node's lstat.
 */
const MAX_DIR_BYTES_LISTED = 256 * 1024;

/** Whether `dir` has an entry `name` (false too when there is no such dir); undefined when a listing cannot tell. */
function hasEntry(dir: string, name: string): boolean | undefined {
  if (name.includes("\uFFFD")) return undefined; // compared with names that may have been mangled
  if (Bun.file(dir).size > MAX_DIR_BYTES_LISTED) return undefined; // stat's size; 0 when missing
  const listing = listDirectory(dir);
  if (listing.kind === "listed") return listing.names.includes(name);
  return listing.code === "ENOENT" || listing.code === "ENOTDIR" ? false : undefined;
}

/**
 * The names in `dir`. Bun.Glob leaves out FIFOs, sockets and devices (never Go source: detect
 * would skip them anyway) and hands a name that is not UTF-8 back mangled, with U+FFFD: then
 * node reads the names as bytes.
 */
export function listDirectory(dir: string): Listing {
  let names: string[];
  try {
    names = [...new Bun.Glob("*").scanSync({ cwd: dir, dot: true, onlyFiles: false, followSymlinks: false, throwErrorOnBrokenSymlink: false })];
  } catch (e) {
    return { kind: "error", code: errorCode(e), reason: describeFsError(e) };
  }
  if (names.some((name) => name.includes("\uFFFD"))) return nodeHost().listDirectory(dir);
  return { kind: "listed", names, notUtf8: [] };
}

export async function pathKind(path: string): Promise<PathKind> {
  try {
    const st = await Bun.file(path).stat();
    return st.isDirectory() ? "directory" : st.isFile() ? "file" : "other";
  } catch (e) {
    if (errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR") return "missing";
    throw e;
  }
}

export function readWholeFile(path: string): Promise<Uint8Array> {
  return Bun.file(path).bytes();
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  await Bun.write(path, text, { createPath: false });
}

/** Whole lines through console.log / console.error, which write them natively, in order. */
export function lineWriter(fd: 1 | 2): (text: string) => void {
  const print = fd === 1 ? console.log : console.error;
  let fallback: ((text: string) => void) | undefined;
  return (text) => {
    // console adds the newline; a text without one (never written by cnb's logger) goes to the fd.
    if (text.endsWith("\n") && fallback === undefined) print(text.slice(0, -1));
    else {
      fallback ??= nodeHost().fdWriter(fd);
      fallback(text);
    }
  };
}
