/**
 * A minimal ONNX protobuf writer: just the messages and fields a BERT-style
 * graph needs (onnx.proto3 field numbers). No dependency, so the project
 * generates its own test models instead of downloading weights.
 */

class Writer {
  private chunks: Buffer[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v > 0n);
    this.chunks.push(Buffer.from(bytes));
  }

  private key(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.chunks.push(b);
    return this;
  }

  bytes(field: number, value: Buffer | Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, inner: Writer): this {
    return this.bytes(field, inner.finish());
  }

  packedInts(field: number, values: readonly number[]): this {
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export const DataType = { FLOAT: 1, INT64: 7 } as const;

export interface Tensor {
  name: string;
  dims: number[];
  dataType: number;
  data: Float32Array | BigInt64Array;
}

export type Attribute = { name: string; int: number } | { name: string; float: number } | { name: string; ints: number[] };

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}

export interface ValueInfo {
  name: string;
  elemType: number;
  /** A number for a fixed size, a string for a symbolic one ("batch"). */
  shape: (number | string)[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

function tensorProto(t: Tensor): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return w;
}

function attributeProto(a: Attribute): Writer {
  const w = new Writer().string(1, a.name);
  if ('int' in a) w.int(3, a.int).int(20, 2);
  else if ('float' in a) w.float(2, a.float).int(20, 1);
  else w.packedInts(8, a.ints).int(20, 7);
  return w;
}

function nodeProto(n: Node, i: number): Writer {
  const w = new Writer();
  for (const x of n.inputs) w.string(1, x);
  for (const x of n.outputs) w.string(2, x);
  w.string(3, `${n.op}_${i}`);
  w.string(4, n.op);
  for (const a of n.attributes ?? []) w.message(5, attributeProto(a));
  return w;
}

function valueInfo(v: ValueInfo): Writer {
  const shape = new Writer();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().string(2, d));
  const tensorType = new Writer().int(1, v.elemType).message(2, shape);
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensorType));
}

/** Serialises a model at IR 8 / opset 17, which ONNX Runtime 1.21 (web and node) loads. */
export function encodeModel(graph: Graph): Buffer {
  const g = new Writer();
  graph.nodes.forEach((n, i) => g.message(1, nodeProto(n, i)));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensorProto(t));
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  return new Writer().int(1, 8).string(2, 'persona-curator make-test-model').message(7, g).message(8, new Writer().string(1, '').int(2, 17)).finish();
}
