#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isUserError } from "@fnpacks/cnb";
import { GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, isBuildpackName } from "./buildpacks";
import { DevkitError } from "./errors";
import { explainApp, formatExplanations } from "./explain";
import { COMPOSITE_ORDER } from "./paths";
import { inCompositeOrder, signaturePackages } from "./signatures";
import { type BuildOptions, buildApp } from "./platform";

const USAGE = `usage:
  fnpacks build <app-dir> [options]            build through the real CNB lifecycle; print the group and the build log
  fnpacks run <app-dir> [--port N] [options]   build, then serve on localhost until Ctrl-C
  fnpacks explain <app-dir> [-e K=V] [--arch A] why each signature buildpack's detect picks (or not)
                                               a function: its own detect, with every debug line

options:
  --buildpack <dir>   a buildpack for a single group, in order (repeat); ${GO_DIST_STANDIN},
                      ${GO_MOD_VENDOR_STANDIN} and ${GO_BUILD} name devkit's go-dist and
                      go-mod-vendor stand-ins and the real go-build it builds; with --order, more
                      buildpacks the order may name
  --order <file>      a composite buildpack.toml whose order to use
  -e, --env K=V       platform env for the build (BP_FUNCTION_NAME=Handler, BP_LOG_LEVEL=DEBUG, ...)
  --port <n>          (run) port to serve on; default 8080
  --arch <arch>       target arch (amd64, arm64); default this machine's
  --keep              (build) keep the build dir (app copy, layers, platform) and print where
  --image <dir>       (build) also export the app as an image into the OCI image layout <dir>
                      (made if absent; an existing layout gets it added as tag "latest"), as a
                      platform's exporter does, on devkit's stand-in run image (no OS files):
                      push it with \`crane push <dir> <ref>\` or \`skopeo copy oci:<dir> docker://<ref>\`

The tools (lifecycle, launcher, go-build) are built from their pinned Go modules into the
repository's .cache/devkit on first use (a few minutes); layers buildpacks cache are kept there
between builds. Go (1.26.5 or newer, or a GOTOOLCHAIN that can fetch one) must be on PATH.

With neither --buildpack nor --order, the order is this repository's composite
(${COMPOSITE_ORDER}): its groups in its order, so each signature's group with
go-mod-vendor comes first (go-mod-vendor passes whenever go.mod exists, so these are the groups
a real Paketo builder runs) and the same group without it next. Only what devkit cannot provide
offline is changed, and printed: go-dist and go-mod-vendor become devkit's stand-ins (host Go;
\`go mod vendor\` as Paketo's does it), go-build is the real one at v1.1.4 built from its Go module,
the optional members (ca-certificates, watchexec, git, procfile, ...) are left out, and the
signature buildpacks are the ones \`pnpm build\` left in packages/*/dist/buildpack. Without that
file: per built signature buildpack, [go-dist stand-in, <signature buildpack>, go-mod-vendor
stand-in, go-build] and then the same without go-mod-vendor; then plain Go likewise.`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      buildpack: { type: "string", multiple: true },
      order: { type: "string" },
      env: { type: "string", short: "e", multiple: true },
      port: { type: "string" },
      arch: { type: "string" },
      keep: { type: "boolean" },
      image: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, appDir] = positionals;
  if (values.help || !appDir || (command !== "build" && command !== "run" && command !== "explain")) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new DevkitError(`--env ${pair} is not KEY=VALUE`, { fix: "write it as e.g. -e BP_LOG_LEVEL=DEBUG" });
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (command === "explain") {
    const explanations = await explainApp({
      appDir: resolve(appDir),
      signatures: inCompositeOrder(signaturePackages()),
      env,
      ...(values.arch ? { arch: values.arch } : {}),
    });
    process.stdout.write(`${formatExplanations(explanations)}\n`);
    return explanations.some((e) => e.verdict === "pass") ? 0 : 1;
  }
  if (values.image !== undefined && command !== "build") {
    throw new DevkitError(`--image is an option of \`fnpacks build\`, not of \`fnpacks ${command}\``, { fix: `run \`fnpacks build ${appDir} --image ${values.image}\`` });
  }
  const options: BuildOptions = {
    appDir: resolve(appDir),
    env,
    log: (line) => process.stdout.write(`${line}\n`),
    ...(values.buildpack ? { buildpacks: values.buildpack.map((b) => (isBuildpackName(b) ? b : resolve(b))) } : {}),
    ...(values.order ? { order: resolve(values.order) } : {}),
    ...(values.arch ? { target: { arch: values.arch } } : {}),
    ...(values.image !== undefined ? { image: resolve(values.image) } : {}),
  };
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new DevkitError(`--port ${values.port} is not a port number`, { fix: "pass a number from 1 to 65535" });
  }
  const app = await buildApp(options);
  process.stdout.write(`\nBuilt ${appDir} with the group detection picked:\n`);
  for (const b of app.group) process.stdout.write(`  ${b.id} ${b.version}\n`);
  if (command === "build") {
    if (app.image) {
      const { dir, digest, tag } = app.image;
      process.stdout.write(`Image (OCI image layout): ${dir}\n  ${digest} (tag "${tag}"; its run image is devkit's stand-in, with no OS files)\n`);
      process.stdout.write(`  push it with: crane push ${dir} <registry>/<name>:<tag>\n     or with: skopeo copy oci:${dir}:${tag} docker://<registry>/<name>:<tag>\n`);
    }
    if (values.keep) process.stdout.write(`Build dir (app copy, layers, platform): ${app.workDir}\n`);
    else await app.remove();
    return 0;
  }
  // A run that never comes up leaves no build dir behind.
  const running = await app.start({ port, log: (line) => process.stdout.write(`${line}\n`) }).catch(async (error: unknown) => {
    await app.remove();
    throw error;
  });
  // The app runs in a process group of its own, so the terminal's Ctrl-C reaches devkit alone:
  // each signal devkit gets goes to the app (through the launcher) exactly once, and a single
  // Ctrl-C means one graceful shutdown, not a second signal that skips the drain.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => running.signal(signal));
  process.on("exit", () => running.signal("SIGKILL"));
  // Up means the port accepts connections and, for a function, the runtime's liveness path
  // answers: the function itself is never called to find out.
  const up = await running.waitUntilUp(Number.POSITIVE_INFINITY).then(
    () => true,
    () => false,
  );
  if (up) process.stdout.write(`\nServing on ${running.url} (Ctrl-C to stop)\n`);
  const exit = await running.wait();
  await app.remove();
  if (!up) process.stderr.write(`the app exited (${exit}) before it was up on port ${port}\n`);
  return typeof exit === "number" ? exit : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${isUserError(error) ? error.format() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
