// Run by bun (not Node) from host.test.ts: asks the bun implementation about each path given
// and prints the answers as JSON, for the test to hold against node's answers.
import { lineWriter, listDirectory, pathKind, readBoundedFile } from "../src/bun-host";

const [command, ...args] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === "read") {
    const [maxBytes, ...paths] = args;
    const answers = [];
    for (const path of paths) {
      const read = await readBoundedFile(path, Number(maxBytes));
      answers.push(read.kind === "read" ? { kind: "read", text: Buffer.from(read.bytes).toString("latin1") } : read);
    }
    console.log(JSON.stringify(answers));
  } else if (command === "node-loaded-after-read") {
    // Whether the node implementation (and node:fs with it) had to be loaded for these reads.
    const [maxBytes, ...paths] = args;
    for (const path of paths) await readBoundedFile(path, Number(maxBytes));
    console.log(JSON.stringify(Object.keys(require.cache).some((key) => key.endsWith("node-host.ts"))));
  } else if (command === "list") {
    console.log(JSON.stringify(args.map((dir) => listDirectory(dir))));
  } else if (command === "kind") {
    console.log(JSON.stringify(await Promise.all(args.map((path) => pathKind(path).catch((e: Error) => `throws ${(e as { code?: string }).code}`)))));
  } else if (command === "lines") {
    const out = lineWriter(1);
    const err = lineWriter(2);
    out("one\n");
    err("two\n");
    out("three %s %d\n\nfive\n");
    out("six without newline, ");
    out("then seven\n");
    err("eight\n");
  }
}

main().then(() => process.exit(0));
