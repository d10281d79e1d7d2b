import { BUILD_TARGET, type FunctionTarget, type GeneratedPackage, goString, isLinked, packageFiles, renderMain, servingFunction } from "../src";

/**
 * The smallest adapter there is, written with the shared writer: the runtime's own tests need
 * a server around a func(http.ResponseWriter, *http.Request), not any signature's generator
 * (those live, and are tested, in the signature packages).
 */
export function testServer(target: FunctionTarget): GeneratedPackage {
  const main = renderMain(target, {
    summary: `the test function ${target.name} of ${target.importPath} (${target.position})`,
    imports: ['"net/http"'],
    body: `\tfnruntime.Main(fnruntime.Function{
\t\tName:    ${goString(target.name)},
\t\tPackage: ${goString(target.importPath)},
\t\tHandler: http.HandlerFunc(${servingFunction(target)}),
\t})`,
    ...(isLinked(target) ? { linkedType: "(http.ResponseWriter, *http.Request)" } : {}),
  });
  return { files: packageFiles(main), buildTarget: BUILD_TARGET };
}
