import fc from "fast-check";
import { asciiOrUnicode, IDENT, identPattern } from "../src/unicode";

// The ASCII twins must answer as the Unicode patterns do, on any text.
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."aZ_09 .*()[],\t\néπ日ℕ𝑥٣".split("")), maxLength: 24 }),
  fc.constantFrom("http.Request", "*pkg.T", "w http.ResponseWriter", "éa", "ctx context.Context", "x, y int", "(s *S)", "chanX", "chan", "mapé"),
);
const builds: ((ident: string) => string)[] = [
  (ident) => `^${ident}$`,
  (ident) => `^(\\*?)(?:(${ident})\\.)?(${ident})$`,
  (ident) => `^(${ident})\\s+(\\S[\\s\\S]*)$`,
  (ident) => `^${ident}`,
];

test("property: identPattern matches as the Unicode pattern does", () => {
  for (const build of builds) {
    const twin = identPattern(build);
    const unicode = new RegExp(build(IDENT), "u");
    fc.assert(
      fc.property(text, (t) => {
        expect(twin.exec(t)?.slice()).toEqual(unicode.exec(t)?.slice());
        expect(twin.test(t)).toBe(unicode.test(t));
      }),
      { numRuns: 300 },
    );
  }
});

test("asciiOrUnicode takes the Unicode pattern for any text beyond ASCII", () => {
  const keyword = asciiOrUnicode("^(?:chan|map)(?![A-Za-z0-9_])", "^(?:chan|map)(?![\\p{L}\\p{Nd}_])");
  expect(keyword.test("chan int")).toBe(true);
  expect(keyword.test("chanX")).toBe(false);
  expect(keyword.test("chané")).toBe(false);
  expect(keyword.test("map[é]int")).toBe(true);
});
