#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isUserError } from "@fnpacks/cnb";
import { GO_BUILD, GO_DIST_STANDIN } from "./buildpacks";
import { COMPOSITE_ORDER } from "./paths";
import { type BuildOptions, buildApp } from "./platform";

const USAGE = `usage:
  fnpacks build <app-dir> [options]            build through the real CNB lifecycle; print the group and the build log
  fnpacks run <app-dir> [--port N] [options]   build, then serve on localhost until Ctrl-C

options:
  --buildpack <dir>   a buildpack for a single group, in order (repeat); ${GO_DIST_STANDIN} and ${GO_BUILD}
                      name devkit's go-dist stand-in and the real go-build it builds
  --order <file>      a composite buildpack.toml whose order to use
  -e, --env K=V       platform env for the build (BP_FUNCTION_NAME=Handler, BP_LOG_LEVEL=DEBUG, ...)
  --port <n>          (run) port to serve on; default 8080
  --arch <arch>       target arch (amd64, arm64); default this machine's

With neither --buildpack nor --order, the order is this repository's composite
(${COMPOSITE_ORDER}), limited to what devkit can provide offline: the go-dist stand-in
(host Go) for go-dist, go-build built from its Go module, and the signature buildpacks
\`pnpm build\` left in packages/*/dist/buildpack. What was left out is printed.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      buildpack: { type: "string", multiple: true },
      order: { type: "string" },
      env: { type: "string", short: "e", multiple: true },
      port: { type: "string" },
      arch: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, appDir] = positionals;
  if (values.help || !appDir || (command !== "build" && command !== "run")) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--env ${pair}: use KEY=VALUE`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const options: BuildOptions = {
    appDir: resolve(appDir),
    env,
    log: (line) => process.stdout.write(`${line}\n`),
    ...(values.buildpack ? { groups: [values.buildpack.map((b) => (b === GO_DIST_STANDIN || b === GO_BUILD ? b : resolve(b)))] } : {}),
    ...(values.order ? { order: resolve(values.order) } : {}),
    ...(values.arch ? { target: { arch: values.arch } } : {}),
  };
  const app = await buildApp(options);
  process.stdout.write(`\nBuilt ${appDir} with ${app.group.map((b) => `${b.id}@${b.version}`).join(", ")}\n`);
  if (command === "build") {
    process.stdout.write(`Build output: ${app.workDir}\n`);
    return 0;
  }
  const port = Number(values.port ?? 8080);
  const running = await app.start({ port, log: (line) => process.stdout.write(`${line}\n`) });
  await running.waitForHttp("/.fnpacks/live").catch(() => undefined);
  process.stdout.write(`\nServing on ${running.url} (Ctrl-C to stop)\n`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => running.signal(signal));
  const exit = await running.exited;
  await app.remove();
  return typeof exit === "number" ? exit : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${isUserError(error) ? error.format() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
