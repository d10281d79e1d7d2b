// The node:fs implementation: what tests and tools under Node use, and what the bun one falls
// back to for the rare answer bun's native calls cannot give (see bun-host.ts). Synchronous
// underneath: a read that may not block is bounded by its own work, not by a timer.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from "node:fs";
import { describeFsError, errorCode, type FileRead, type Listing, type PathKind, whyNotRead } from "./files";

/** Reads `path` if it is a regular file of at most `maxBytes` bytes. Never blocks, never throws. */
export function readBoundedFile(path: string, maxBytes: number): FileRead {
  // stat first, so a device or FIFO is never even opened; the fstat below closes the race.
  try {
    const early = whyNotRead(statSync(path), maxBytes);
    if (early !== undefined) return { kind: "refused", reason: early };
  } catch (e) {
    return unstattable(path, e);
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return { kind: "refused", reason: describeFsError(e) };
  }
  try {
    const opened = fstatSync(fd);
    const problem = whyNotRead(opened, maxBytes);
    if (problem !== undefined) return { kind: "refused", reason: problem };
    // One byte more than its size tells a file that is still growing from one that fits.
    const buffer = Buffer.allocUnsafe(opened.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > opened.size) return { kind: "refused", reason: "growing while it is read" };
    return { kind: "read", bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { kind: "refused", reason: describeFsError(e) };
  } finally {
    closeSync(fd);
  }
}

/** A path stat could not follow: missing, a dangling symlink, a loop, or unreadable. */
export function unstattable(path: string, e: unknown): FileRead {
  // ENOTDIR: a parent is a file (a `vendor` file, say): then nothing is at the path.
  if (errorCode(e) === "ENOTDIR") return { kind: "missing" };
  if (errorCode(e) !== "ENOENT") return { kind: "refused", reason: describeFsError(e) };
  try {
    lstatSync(path);
    return { kind: "refused", reason: "a broken symlink" };
  } catch (inner) {
    return errorCode(inner) === "ENOENT" || errorCode(inner) === "ENOTDIR" ? { kind: "missing" } : { kind: "refused", reason: describeFsError(inner) };
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The names in `dir`, read as bytes: a name that is not UTF-8 would come back mangled and unopenable. */
export function listDirectory(dir: string): Listing {
  let entries: Uint8Array[];
  try {
    entries = readdirSync(dir, { encoding: "buffer" });
  } catch (e) {
    return { kind: "error", code: errorCode(e), reason: describeFsError(e) };
  }
  const names: string[] = [];
  const notUtf8: string[] = [];
  for (const entry of entries) {
    try {
      names.push(utf8.decode(entry));
    } catch {
      // bun hands back Uint8Arrays, node Buffers: Buffer.from reads both.
      notUtf8.push(Buffer.from(entry).toString("latin1"));
    }
  }
  return { kind: "listed", names, notUtf8 };
}

export function pathKind(path: string): PathKind {
  try {
    const st = statSync(path);
    return st.isDirectory() ? "directory" : st.isFile() ? "file" : "other";
  } catch (e) {
    if (errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR") return "missing";
    throw e;
  }
}

export function readWholeFile(path: string): Uint8Array {
  return readFileSync(path);
}

export function writeTextFile(path: string, text: string): void {
  writeFileSync(path, text);
}

/**
 * Writes straight to the file descriptor: the first touch of process.stdout or process.stderr
 * sets up a stream, to print a line. What a non-blocking pipe refuses (EAGAIN) goes to the
 * stream, which queues it.
 */
export function fdWriter(fd: 1 | 2): (text: string) => void {
  let queued = false; // once the stream holds text, the rest follows it there, in order
  return (text) => {
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (!queued && written < bytes.length) written += writeSync(fd, bytes, written);
    } catch {
      queued = true;
    }
    if (written < bytes.length) (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  };
}
