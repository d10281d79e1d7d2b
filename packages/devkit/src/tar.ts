// A minimal tar (ustar) writer, enough for the one small layer devkit makes itself: the run image
// stand-in's. Entries are normalised as the lifecycle normalises its own layers (a fixed mtime,
// no user names), so the same input always makes the same bytes, hence the same digest.

export interface TarEntry {
  /** Path inside the layer, without a leading slash ("etc/passwd"). */
  path: string;
  type: "file" | "dir" | "symlink";
  mode: number;
  uid?: number;
  gid?: number;
  /** A file's contents. */
  content?: string | Buffer;
  /** A symlink's target. */
  link?: string;
}

const BLOCK = 512;
/** The lifecycle's normalised mtime for layer entries (1980-01-01T00:00:01Z). */
export const NORMALIZED_MTIME = Date.UTC(1980, 0, 1, 0, 0, 1) / 1000;

/** The entries as one tar stream, in the order given. */
export function tar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.type === "file" ? Buffer.from(entry.content ?? "") : Buffer.alloc(0);
    blocks.push(header(entry, content.length));
    if (content.length > 0) blocks.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

function header(entry: TarEntry, size: number): Buffer {
  const name = entry.type === "dir" && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: path ${name} is longer than 100 bytes`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0);
  octal(block, 100, 8, entry.mode);
  octal(block, 108, 8, entry.uid ?? 0);
  octal(block, 116, 8, entry.gid ?? 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, NORMALIZED_MTIME);
  block.write(" ".repeat(8), 148); // the checksum field counts as spaces while summing
  block.write(entry.type === "file" ? "0" : entry.type === "dir" ? "5" : "2", 156);
  if (entry.link) block.write(entry.link, 157);
  block.write("ustar\u000000", 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148);
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset);
}
