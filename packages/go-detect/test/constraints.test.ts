import fc from "fast-check";
import {
  type ConstraintExpr,
  ConstraintSyntaxError,
  evalConstraint,
  evaluateFileConstraints,
  fileNameMatches,
  findConstraintLines,
  parseGoBuildExpr,
  parsePlusBuildLine,
  tagIsSet,
} from "../src/constraints";
import type { GoBuildContext } from "../src";

const amd64: GoBuildContext = { goos: "linux", goarch: "amd64", goVersion: "1.22" };
const arm64: GoBuildContext = { goos: "linux", goarch: "arm64", goVersion: "1.22.3" };
const build = (expr: string, ctx = amd64) => evalConstraint(parseGoBuildExpr(expr), ctx);

describe("tags", () => {
  test.each([
    ["linux", true],
    ["amd64", true],
    ["arm64", false],
    ["windows", false],
    ["unix", true],
    ["gc", true],
    ["gccgo", false],
    ["cgo", false],
    ["ignore", false],
    ["integration", false],
    ["go1.1", true],
    ["go1.21", true],
    ["go1.22", true],
    ["go1.23", false],
    ["go2.0", false],
    ["amd64.v1", true],
    ["amd64.v3", false],
  ])("%s is %s for linux/amd64 go1.22", (tag, want) => {
    expect(tagIsSet(tag, amd64)).toBe(want);
  });

  test("unix is false for windows, extra tags are true, cgo when enabled", () => {
    expect(tagIsSet("unix", { ...amd64, goos: "windows" })).toBe(false);
    expect(tagIsSet("integration", { ...amd64, tags: ["integration"] })).toBe(true);
    expect(tagIsSet("cgo", { ...amd64, cgo: true })).toBe(true);
    expect(tagIsSet("go1.22", arm64)).toBe(true);
    expect(tagIsSet("arm64.v8.0", arm64)).toBe(true);
  });
});

describe("//go:build expressions", () => {
  test.each([
    ["linux && amd64", true, false],
    ["linux && !amd64", false, true],
    ["!(linux && amd64)", false, true],
    ["darwin || (linux && arm64)", false, true],
    ["ignore", false, false],
    ["!ignore", true, true],
    ["linux && (amd64 || arm64) && !cgo", true, true],
    ["go1.18 && !go1.23", true, true],
    ["a || b && c", false, false],
    ["!!linux", true, true],
  ])("%s: amd64 %s, arm64 %s", (expr, onAmd64, onArm64) => {
    expect(build(expr, amd64)).toBe(onAmd64);
    expect(build(expr, arm64)).toBe(onArm64);
  });

  test("&& binds tighter than ||", () => {
    expect(parseGoBuildExpr("a || b && c")).toEqual({
      op: "or",
      x: { op: "tag", tag: "a" },
      y: { op: "and", x: { op: "tag", tag: "b" }, y: { op: "tag", tag: "c" } },
    });
  });

  test.each(["", "linux &&", "(linux", "linux)", "linux amd64", "&& linux", "linux & amd64", "linux, amd64", "!"])(
    "%j is a syntax error",
    (expr) => {
      expect(() => parseGoBuildExpr(expr)).toThrow(ConstraintSyntaxError);
    },
  );

  test("deep nesting is rejected, not a stack overflow", () => {
    expect(() => parseGoBuildExpr(`${"(".repeat(5000)}linux${")".repeat(5000)}`)).toThrow(ConstraintSyntaxError);
    expect(() => parseGoBuildExpr(`${"!".repeat(5000)}linux`)).toThrow(ConstraintSyntaxError);
  });
});

describe("// +build lines", () => {
  test.each([
    ["linux,amd64", true, false],
    ["linux darwin", true, true],
    ["!windows", true, true],
    ["linux,!amd64 darwin", false, true],
    ["ignore", false, false],
  ])("%s: amd64 %s, arm64 %s", (line, onAmd64, onArm64) => {
    expect(evalConstraint(parsePlusBuildLine(line), amd64)).toBe(onAmd64);
    expect(evalConstraint(parsePlusBuildLine(line), arm64)).toBe(onArm64);
  });

  test.each(["", "linux,", "!!linux", "li(nux"])("%j is a syntax error", (line) => {
    expect(() => parsePlusBuildLine(line)).toThrow(ConstraintSyntaxError);
  });
});

describe("constraint lines in a file header", () => {
  test("//go:build wins over // +build", () => {
    const src = "//go:build linux\n// +build ignore\n\npackage x\n";
    expect(findConstraintLines(src).goBuild).toEqual({ expr: "linux", line: 1 });
    expect(evaluateFileConstraints(src, amd64)).toEqual({ include: true });
  });

  test("several // +build lines are ANDed", () => {
    const src = "// +build linux\n// +build arm64\n\npackage x\n";
    expect(evaluateFileConstraints(src, arm64).include).toBe(true);
    expect(evaluateFileConstraints(src, amd64)).toEqual({ include: false, reason: "// +build arm64 (line 2) is false" });
  });

  test("// +build without a blank line after it is a doc comment, not a constraint", () => {
    expect(evaluateFileConstraints("// +build ignore\npackage x\n", amd64).include).toBe(true);
  });

  test("constraints after the package clause do not count", () => {
    expect(evaluateFileConstraints("package x\n\n//go:build ignore\n", amd64).include).toBe(true);
  });

  test("block comments and CRLF in the header are fine", () => {
    const src = "/* Copyright\n   2024 */\r\n//go:build ignore\r\n\r\npackage x\r\n";
    expect(evaluateFileConstraints(src, amd64)).toEqual({ include: false, reason: "//go:build ignore (line 3) is false" });
  });

  test("a malformed //go:build line excludes the file with a reason", () => {
    const verdict = evaluateFileConstraints("//go:build linux &&\n\npackage x\n", amd64);
    expect(verdict.include).toBe(false);
    expect(verdict.include === false && verdict.reason).toMatch(/malformed build constraint/);
  });

  test("//go:build with a tag-like suffix is not a constraint", () => {
    expect(findConstraintLines("//go:buildx ignore\n\npackage x\n").goBuild).toBeUndefined();
  });
});

describe("file name suffixes", () => {
  test.each([
    ["handler.go", true, true],
    ["linux.go", true, true],
    ["windows.go", true, true],
    ["x_linux.go", true, true],
    ["x_windows.go", false, false],
    ["x_amd64.go", true, false],
    ["x_arm64.go", false, true],
    ["x_linux_amd64.go", true, false],
    ["x_darwin_arm64.go", false, false],
    ["x_linux_arm64_test.go", false, true],
    ["x_unix.go", true, true],
    ["x_android.go", false, false],
    ["x_foo_linux.go", true, true],
    ["x_amd64_linux.go", true, true],
  ])("%s: amd64 %s, arm64 %s", (name, onAmd64, onArm64) => {
    expect(fileNameMatches(name, amd64).include).toBe(onAmd64);
    expect(fileNameMatches(name, arm64).include).toBe(onArm64);
  });
});

// Properties: printing a random expression and parsing it back evaluates the same, and the
// legacy syntax agrees with the modern one for the expressions both can say.
const tagArb = fc.constantFrom("linux", "amd64", "arm64", "windows", "unix", "ignore", "cgo", "go1.21", "go1.30", "custom_tag");
const exprArb: fc.Arbitrary<ConstraintExpr> = fc.letrec<{ expr: ConstraintExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tagArb.map((tag): ConstraintExpr => ({ op: "tag", tag })),
    tie("expr").map((x): ConstraintExpr => ({ op: "not", x })),
    fc.tuple(tie("expr"), tie("expr")).map(([x, y]): ConstraintExpr => ({ op: "and", x, y })),
    fc.tuple(tie("expr"), tie("expr")).map(([x, y]): ConstraintExpr => ({ op: "or", x, y })),
  ),
})).expr;

function print(e: ConstraintExpr): string {
  switch (e.op) {
    case "tag":
      return e.tag;
    case "not":
      return `!${print(e.x)}`;
    case "and":
      return `(${print(e.x)} && ${print(e.y)})`;
    case "or":
      return `(${print(e.x)}||${print(e.y)})`;
  }
}

const ctxArb = fc.record({
  goos: fc.constantFrom("linux", "windows", "darwin"),
  goarch: fc.constantFrom("amd64", "arm64"),
  goVersion: fc.constantFrom("1.21", "1.22.5", "1.25"),
});

test("property: a printed expression parses back to one with the same value", () => {
  fc.assert(
    fc.property(exprArb, ctxArb, (expr, ctx) => {
      expect(build(print(expr), ctx)).toBe(evalConstraint(expr, ctx));
    }),
  );
});

test("property: // +build terms (OR of ANDs of maybe-negated tags) agree with //go:build", () => {
  const termArb = fc.tuple(fc.boolean(), tagArb);
  const linesArb = fc.array(fc.array(termArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(linesArb, ctxArb, (options, ctx) => {
      const plus = options.map((terms) => terms.map(([neg, tag]) => `${neg ? "!" : ""}${tag}`).join(",")).join(" ");
      const goBuild = options.map((terms) => `(${terms.map(([neg, tag]) => `${neg ? "!" : ""}${tag}`).join(" && ")})`).join(" || ");
      expect(evalConstraint(parsePlusBuildLine(plus), ctx)).toBe(build(goBuild, ctx));
    }),
  );
});

test("property: arbitrary text never crashes the constraint reader", () => {
  fc.assert(
    fc.property(fc.string(), (junk) => {
      const verdict = evaluateFileConstraints(`//go:build ${junk}\n\npackage x\n`, amd64);
      expect(typeof verdict.include).toBe("boolean");
    }),
  );
});
