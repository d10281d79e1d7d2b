import { execFileSync } from "node:child_process";
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBoundedFile } from "../src/read";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "go-detect-read-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const path = (name: string) => join(dir, name);

test("a regular file within the cap is read whole", () => {
  writeFileSync(path("a.go"), "package a\n");
  const read = readBoundedFile(path("a.go"), 1024);
  expect(read.kind).toBe("read");
  expect(read.kind === "read" && read.bytes.toString()).toBe("package a\n");
});

test("nothing at the path is missing; a dangling symlink is not", () => {
  expect(readBoundedFile(path("none.go"), 1024)).toEqual({ kind: "missing" });
  expect(readBoundedFile(join(dir, "no-dir", "none.go"), 1024)).toEqual({ kind: "missing" });
  symlinkSync("none.go", path("dangling.go"));
  expect(readBoundedFile(path("dangling.go"), 1024)).toEqual({ kind: "refused", reason: "a broken symlink" });
});

// None of these may block or be read: a FIFO with no writer, endless devices, a sparse giant.
test.each([
  ["a FIFO", (p: string) => execFileSync("mkfifo", [p]), "a FIFO (named pipe), not a regular file"],
  ["/dev/zero", (p: string) => symlinkSync("/dev/zero", p), "a device, not a regular file"],
  ["a directory", (p: string) => mkdirSync(p), "a directory, not a file"],
  ["a symlink loop", (p: string) => symlinkSync(p, p), "a symlink loop"],
  [
    "a 3 GiB sparse file",
    (p: string) => {
      const fd = openSync(p, "w");
      writeSync(fd, "x", 3 * 1024 ** 3);
      closeSync(fd);
    },
    `too large (${3 * 1024 ** 3 + 1} bytes; detection reads at most 1024)`,
  ],
])("%s is refused with a reason", (_, make, reason) => {
  make(path("f"));
  expect(readBoundedFile(path("f"), 1024)).toEqual({ kind: "refused", reason });
});

test("one byte over the cap is too large; exactly the cap is read", () => {
  writeFileSync(path("exact"), "x".repeat(16));
  writeFileSync(path("over"), "x".repeat(17));
  expect(readBoundedFile(path("exact"), 16).kind).toBe("read");
  expect(readBoundedFile(path("over"), 16)).toEqual({ kind: "refused", reason: "too large (17 bytes; detection reads at most 16)" });
});

test("an unreadable file says so (when not running as root)", () => {
  writeFileSync(path("secret"), "x");
  chmodSync(path("secret"), 0o000);
  const read = readBoundedFile(path("secret"), 16);
  const root = process.getuid?.() === 0;
  expect(read).toEqual(root ? { kind: "read", bytes: Buffer.from("x") } : { kind: "refused", reason: "not readable (permission denied)" });
});
