// The function package reader and writer (src/lambda/zip.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { deflateRawSync } from "node:zlib";

import { asText, crc32, readZip, toBase64, writeZip } from "../../src/lambda/zip.js";

test("a package written by the console reads back file for file", async () => {
  const files = [
    { name: "index.mjs", data: "export const handler = async () => 'é';\n" },
    { name: "lib/data.bin", data: new Uint8Array([0, 255, 128, 7]) },
    { name: "empty.txt", data: "" },
  ];
  const back = await readZip(writeZip(files));
  assert.deepEqual(back.map((f) => f.name), ["index.mjs", "lib/data.bin", "empty.txt"]);
  assert.equal(asText(back[0].data), files[0].data);
  assert.deepEqual([...back[1].data], [0, 255, 128, 7]);
  assert.equal(asText(back[1].data), null);
  assert.equal(back[2].data.length, 0);
  assert.equal(back[0].mode, 0o100644);
});

test("deflated entries (zip -r, the AWS CLI's packages) are inflated", async () => {
  const data = new TextEncoder().encode("console.log('hello');\n".repeat(50));
  const packed = deflateRawSync(data);
  const name = new TextEncoder().encode("app.js");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data), 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data), 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(30 + name.length + packed.length, 16);
  const zip = Buffer.concat([local, name, packed, central, name, end]);
  const [file] = await readZip(new Uint8Array(zip));
  assert.equal(file.name, "app.js");
  assert.deepEqual(file.data, data);
});

test("crc32 and base64 match the standard values", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(toBase64(new Uint8Array([104, 105])), "aGk=");
  assert.rejects(readZip(new Uint8Array(10)), /not a zip archive/);
});
