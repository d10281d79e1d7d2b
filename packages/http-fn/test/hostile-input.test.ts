// What once hung detect or grew it past 10 GiB, run through the compiled bin/detect as the
// lifecycle runs it. Every case ends with the right verdict — exit 100 and a reason a person
// can act on, or a pass where a function is there — and a bounded peak memory, measured
// from outside the process. (The http-fn detect stands for every signature: go.mod and the
// package are read by the shared go-detect flow.)
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { runCompiled, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";

jest.setTimeout(60_000);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);
const MAX_PEAK_RSS = 300 * 1024 * 1024;
const HANDLER = 'package fn\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n';

/** A workspace around the sample function whose go.mod (or more) `spoil` then replaces. */
async function spoiled(spoil: (app: string) => void): Promise<Workspace> {
  const ws = await workspace("../../../../samples/go/http-hello");
  rmSync(join(ws.appDir, "go.mod"));
  spoil(ws.appDir);
  return ws;
}

function pseudoRandomBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let seed = 11;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = seed >> 16;
  }
  return bytes;
}

/** Text built from Go tokens with no grammar: tree-sitter's worst case. */
function tokenSoup(bytes: number): string {
  const tokens = ["func", "(", ")", "{", "}", "x", ".", "[", "]", "*", "map", "chan", "type", "struct", "interface", ";", ",", "=", ":=", "go", "if", '"s"', "1", "var", "import", "package", "http.Handler", "error"];
  const parts = ["package fn\n"];
  let length = parts[0]?.length ?? 0;
  let seed = 1;
  while (length < bytes) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const token = `${tokens[seed % tokens.length]}${(seed >> 8) % 7 === 0 ? "\n" : " "}`;
    parts.push(token);
    length += token.length;
  }
  return parts.join("");
}

const goMod = (app: string, content: string | Buffer) => writeFileSync(join(app, "go.mod"), content);

test.each<[string, (app: string) => void, RegExp]>([
  ["a no-break space in go.mod", (app) => goMod(app, "module\u00a0example.com/m\n"), /go\.mod:1: unexpected character U\+00A0 .*: replace it with a plain space/],
  ["a vertical tab in go.mod", (app) => goMod(app, "module example.com/m\n\ngo\u000b1.22\n"), /go\.mod:3: unexpected character U\+000B/],
  ["1 MiB of random bytes as go.mod", (app) => goMod(app, pseudoRandomBytes(1024 * 1024)), /go\.mod:\d+: /],
  ["a NUL-padded go.mod", (app) => goMod(app, Buffer.concat([Buffer.from("module example.com/m\n"), Buffer.alloc(1 << 20)])), /go\.mod:2: unexpected character U\+0000/],
  ["a FIFO as go.mod", (app) => execFileSync("mkfifo", [join(app, "go.mod")]), /go\.mod: is a FIFO \(named pipe\), not a regular file/],
  ["go.mod linked to /dev/zero", (app) => symlinkSync("/dev/zero", join(app, "go.mod")), /go\.mod: is a device, not a regular file/],
  ["go.mod linked to /dev/urandom", (app) => symlinkSync("/dev/urandom", join(app, "go.mod")), /go\.mod: is a device, not a regular file/],
  ["go.mod in a symlink loop", (app) => symlinkSync("go.mod", join(app, "go.mod")), /go\.mod: is a symlink loop/],
  [
    "a 3 GiB sparse go.mod",
    (app) => {
      const fd = openSync(join(app, "go.mod"), "w");
      writeSync(fd, "module example.com/m\n", 3 * 1024 ** 3);
      closeSync(fd);
    },
    /go\.mod: is too large \(\d+ bytes; detection reads at most \d+\)/,
  ],
  [
    "a FIFO as vendor/modules.txt",
    (app) => {
      goMod(app, "module example.com/hello\n");
      mkdirSync(join(app, "vendor"));
      execFileSync("mkfifo", [join(app, "vendor", "modules.txt")]);
    },
    /modules\.txt: is a FIFO/,
  ],
  [
    "8 MB of Go-token soup and no function",
    (app) => {
      goMod(app, "module example.com/fn\n");
      rmSync(join(app, "hello.go"));
      writeFileSync(join(app, "soup.go"), tokenSoup(7.8e6));
    },
    /no HTTP function in example\.com\/fn|too large to analyse/,
  ],
  [
    "1 MB of x( x( x( (deep nesting: tree-sitter's worst case for memory)",
    (app) => {
      goMod(app, "module example.com/fn\n");
      rmSync(join(app, "hello.go"));
      writeFileSync(join(app, "soup.go"), `package fn\nvar X = ${"x(".repeat(520_000)}\n`);
    },
    /no HTTP function in example\.com\/fn/,
  ],
  [
    "two package clauses in the dir",
    (app) => {
      goMod(app, "module example.com/fn\n");
      writeFileSync(join(app, "zmain.go"), "package main\n\nfunc main() {}\n");
    },
    /found packages hello \(hello\.go\) and main \(zmain\.go\) in one dir; go build needs one package per dir/,
  ],
  [
    "8,000 tiny files",
    (app) => {
      goMod(app, "module example.com/fn\n");
      for (let i = 0; i < 8_000; i++) writeFileSync(join(app, `f${i}.go`), "package hello\n");
    },
    /too large to analyse: the package has more than 5000 Go files/,
  ],
])("%s: detect fails at once with a reason, in bounded memory", async (_, spoil, reason) => {
  const ws = await spoiled(spoil);
  const detect = await runCompiled("detect", ws);
  expect(detect).toMatchObject({ code: 100, stderr: "" });
  expect(detect.stdout).toMatch(reason);
  expect(detect.peakRssBytes).toBeGreaterThan(0);
  expect(detect.peakRssBytes).toBeLessThanOrEqual(MAX_PEAK_RSS);
});

test("a function beside 1 MB of token soup is found, in bounded memory", async () => {
  const ws = await spoiled((app) => {
    goMod(app, "module example.com/fn\n");
    rmSync(join(app, "hello.go"));
    writeFileSync(join(app, "fn.go"), HANDLER);
    writeFileSync(join(app, "soup.go"), tokenSoup(1e6));
  });
  const detect = await runCompiled("detect", ws);
  expect(detect).toMatchObject({ code: 0, stderr: "" });
  expect(await ws.detectPlan()).toMatchObject({ requires: [{ metadata: { candidates: [{ name: "Handler", position: "fn.go:5" }] } }] });
  expect(detect.peakRssBytes).toBeLessThanOrEqual(MAX_PEAK_RSS);
});

// 4 MB of soup took 20 s before the budget. Whether it now fits in the time budget depends
// on the machine, so both verdicts are right; what must not happen is a hang, a crash, an
// unbounded memory or a wrong function.
test("a function beside 4 MB of token soup: found, or 'too large to analyse' — at once, in bounded memory", async () => {
  const ws = await spoiled((app) => {
    goMod(app, "module example.com/fn\n");
    rmSync(join(app, "hello.go"));
    writeFileSync(join(app, "fn.go"), HANDLER);
    writeFileSync(join(app, "soup.go"), tokenSoup(4e6));
  });
  const detect = await runCompiled("detect", ws);
  expect(detect.stderr).toBe("");
  if (detect.code === 0) {
    expect(await ws.detectPlan()).toMatchObject({ requires: [{ metadata: { candidates: [{ name: "Handler", position: "fn.go:5" }] } }] });
  } else {
    expect(detect).toMatchObject({ code: 100, stdout: expect.stringMatching(/too large to analyse: reading the package took longer than 8 s/) });
  }
  expect(detect.peakRssBytes).toBeLessThanOrEqual(MAX_PEAK_RSS);
});

test("BP_FUNCTION_DIR in a symlink loop says so", async () => {
  const ws = await spoiled((app) => {
    goMod(app, "module example.com/fn\n");
    symlinkSync("loop", join(app, "loop"));
  });
  const detect = await runCompiled("detect", ws, { BP_FUNCTION_DIR: "loop" });
  expect(detect).toMatchObject({ code: 100, stderr: "" });
  expect(detect.stdout).toContain("package dir loop is a symlink loop in");
});

test("8,000 tiny files of a package main are still just package main", async () => {
  const ws = await spoiled((app) => {
    goMod(app, "module example.com/fn\n");
    rmSync(join(app, "hello.go"));
    for (let i = 0; i < 8_000; i++) writeFileSync(join(app, `f${i}.go`), "package main\n");
  });
  const detect = await runCompiled("detect", ws);
  expect(detect).toMatchObject({ code: 100, stderr: "" });
  expect(detect.stdout).toContain("is package main");
  expect(detect.peakRssBytes).toBeLessThanOrEqual(MAX_PEAK_RSS);
});

test("a package past the source budget is 'too large to analyse', not a long wait", async () => {
  const ws = await spoiled((app) => {
    goMod(app, "module example.com/fn\n");
    // Five files of 7 MB of comments: each under the per-file cap, 35 MB together.
    const filler = `package hello\n${"// generated data, not code: ........................................\n".repeat(100_000)}`;
    for (let i = 0; i < 5; i++) writeFileSync(join(app, `data${i}.go`), filler);
  });
  const detect = await runCompiled("detect", ws);
  expect(detect).toMatchObject({ code: 100, stderr: "" });
  expect(detect.stdout).toMatch(/too large to analyse: the package has Go files of more than 32 MB \(from data4\.go on\); move generated data files to another package/);
  expect(detect.peakRssBytes).toBeLessThanOrEqual(MAX_PEAK_RSS);
});
