// The one way detect reads a file. Whatever the app dir holds — a FIFO, a link to /dev/zero,
// a 3 GiB sparse file, a symlink loop — the read ends at once with bytes or a reason:
// nothing is opened that is not a regular file, nothing larger than the cap is read, and a
// file is read once. A synchronous read cannot be interrupted by a timer, so the bounds are
// on the work itself.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats, statSync } from "node:fs";

export type FileRead =
  | { kind: "read"; bytes: Buffer }
  /** Nothing at that path (a dangling symlink is not "missing": it is reported). */
  | { kind: "missing" }
  /** Something is there that detect will not read; `reason` says what, e.g. "a FIFO". */
  | { kind: "refused"; reason: string };

/** A Node file-system error's code ("ENOENT", "ELOOP" ...), or "" for anything else. */
export function errorCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
}

/** A file-system error as a reason a person can act on. */
export function describeFsError(e: unknown): string {
  switch (errorCode(e)) {
    case "ELOOP":
      return "a symlink loop";
    case "ENOENT":
      return "a broken symlink";
    case "EACCES":
    case "EPERM":
      return "not readable (permission denied)";
    case "ENAMETOOLONG":
      return "a path too long to open";
    default:
      return `not readable (${e instanceof Error ? e.message : String(e)})`;
  }
}

function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return "a directory, not a file";
  if (st.isFIFO()) return "a FIFO (named pipe), not a regular file";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device, not a regular file";
  if (st.isSocket()) return "a socket, not a regular file";
  return "not a regular file";
}

function tooLarge(size: number, maxBytes: number): string {
  return `too large (${size} bytes; detection reads at most ${maxBytes})`;
}

/** Reads `path` if it is a regular file of at most `maxBytes` bytes. Never blocks, never throws. */
export function readBoundedFile(path: string, maxBytes: number): FileRead {
  // stat first, so a device or FIFO is never even opened; the fstat below closes the race.
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    // ENOTDIR: a parent is a file (a `vendor` file, say): then nothing is at the path.
    if (errorCode(e) === "ENOTDIR") return { kind: "missing" };
    if (errorCode(e) !== "ENOENT") return { kind: "refused", reason: describeFsError(e) };
    try {
      lstatSync(path);
      return { kind: "refused", reason: "a broken symlink" };
    } catch (inner) {
      return errorCode(inner) === "ENOENT" || errorCode(inner) === "ENOTDIR"
        ? { kind: "missing" }
        : { kind: "refused", reason: describeFsError(inner) };
    }
  }
  const early = notRegular(st) ?? (st.size > maxBytes ? tooLarge(st.size, maxBytes) : undefined);
  if (early !== undefined) return { kind: "refused", reason: early };

  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return { kind: "refused", reason: describeFsError(e) };
  }
  try {
    const opened = fstatSync(fd);
    const problem = notRegular(opened) ?? (opened.size > maxBytes ? tooLarge(opened.size, maxBytes) : undefined);
    if (problem !== undefined) return { kind: "refused", reason: problem };
    // One byte more than its size tells a file that is still growing from one that fits.
    const buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
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
