// What a bounded read can end in, and the reasons a person reads: shared by the bun and node
// implementations so that both say the same thing about the same file.

export type FileRead =
  | { kind: "read"; bytes: Uint8Array }
  /** Nothing at that path (a dangling symlink is not "missing": it is reported). */
  | { kind: "missing" }
  /** Something is there that detect will not read; `reason` says what, e.g. "a FIFO". */
  | { kind: "refused"; reason: string };

/** The part of a stat result the checks need (node's Stats and bun's both have it). */
export interface StatLike {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

/** A file-system error's code ("ENOENT", "ELOOP" ...), or "" for anything else. */
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

/** Why a file of this stat is not read, or undefined when it may be. */
export function whyNotRead(st: StatLike, maxBytes: number): string | undefined {
  if (st.isFile()) return st.size > maxBytes ? `too large (${st.size} bytes; detection reads at most ${maxBytes})` : undefined;
  if (st.isDirectory()) return "a directory, not a file";
  if (st.isFIFO()) return "a FIFO (named pipe), not a regular file";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device, not a regular file";
  if (st.isSocket()) return "a socket, not a regular file";
  return "not a regular file";
}

/** What a path is, following symlinks; "missing" when nothing is there (or a parent is a file). */
export type PathKind = "file" | "directory" | "other" | "missing";

/** The names in a directory, as text, or why it could not be listed. */
export type Listing =
  | { kind: "listed"; names: string[]; notUtf8: string[] }
  | { kind: "error"; code: string; reason: string };
