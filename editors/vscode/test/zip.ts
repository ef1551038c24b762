// A minimal reader of a zip's central directory (a VSIX is a zip): names, Unix modes, and the
// bytes of a stored or deflated entry. Enough to inspect a VSIX without an unzip tool.

import * as zlib from "node:zlib";

export interface Entry {
  name: string;
  /** The Unix mode when the zip was made on Unix (`external attributes >> 16`), else 0. */
  mode: number;
  size: number;
  read(): Buffer;
}

export function entries(zip: Buffer): Entry[] {
  // The end of central directory record: signature 0x06054b50, within the last 64 kB + 22.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error("not a zip: no end of central directory");
  }
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) {
      throw new Error(`bad central directory entry at ${at}`);
    }
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLen);
    out.push({
      name,
      mode: madeBy === 3 ? external >>> 16 : 0,
      size,
      read() {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressed);
        if (method === 0) {
          return Buffer.from(data);
        }
        if (method === 8) {
          return zlib.inflateRawSync(data);
        }
        throw new Error(`${name}: compression method ${method}`);
      },
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
