// go.mod parsing must end, and end in a module or a GoModError, whatever text it is given:
// one odd character once made the lexer loop for ever. 10,000+ cases run on every CI run.
import fc from "fast-check";
import { MAX_GO_MOD_BYTES, parseGoMod } from "../src/gomod";
import { GoModError, modulePathProblem } from "../src";

const VALID = `module example.com/fuzz

go 1.22

require (
	github.com/cloudevents/sdk-go/v2 v2.16.0
	"github.com/quoted/mod" v0.1.0 // indirect
)

replace example.com/a v1.0.0 => ../a

retract [v1.0.0, v1.0.5]
`;

/** What hurt before, what Go treats specially, and plain noise. */
const PIECES = [
  "\u000b", "\f", "\u0085", "\u00a0", "\u2000", "\u2007", "\u200a", "\u200b", "\u2028", "\u2029", "\u3000", "\ufeff",
  "\u0000", "\ufffd", "\r", "\n", "\t", " ", "(", ")", "[", "]", "{", "}", ",", '"', "`", "\\", "//", "/*", "=>",
  "module", "require", "replace", "go", "toolchain", "v1.2.3", "example.com/x",
];

const mutated = fc
  .array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6, unit: "binary" }))), {
    maxLength: 10,
  })
  .map((edits) =>
    edits.reduce((text, [at, del, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + del);
    }, VALID),
  );
const randomBytes = fc.uint8Array({ maxLength: 400 }).map((bytes) => new TextDecoder().decode(bytes));
const randomText = fc.string({ maxLength: 400, unit: "binary" });

test("property: parseGoMod ends with a valid module or a GoModError (10k cases)", () => {
  let parsed = 0;
  fc.assert(
    fc.property(fc.oneof({ arbitrary: mutated, weight: 3 }, randomBytes, randomText), (text) => {
      expect(text.length).toBeLessThan(MAX_GO_MOD_BYTES);
      try {
        const mod = parseGoMod(text, "go.mod");
        expect(modulePathProblem(mod.modulePath)).toBeUndefined();
        parsed++;
      } catch (e) {
        expect(e).toBeInstanceOf(GoModError);
        expect((e as GoModError).message).toMatch(/^go\.mod(:\d+)?: \S/);
      }
    }),
    { numRuns: 10_000 },
  );
  // The generator reaches both outcomes: a fuzz test that only ever errors tests little.
  expect(parsed).toBeGreaterThan(100);
});
