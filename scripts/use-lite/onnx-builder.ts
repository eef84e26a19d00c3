/**
 * A small graph builder over onnx-proto (the ONNX protobuf schema compiled by
 * protobufjs): nodes get sequential names, initializers are raw little-endian
 * bytes, so the same graph always encodes to the same bytes.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type AttrValue = number | number[] | { float: number };

export const DT = {
  FLOAT: onnx.TensorProto.DataType.FLOAT,
  INT8: onnx.TensorProto.DataType.INT8,
  INT64: onnx.TensorProto.DataType.INT64,
} as const;

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === 'object') return { name, type: T.FLOAT, f: value.float };
  return { name, type: T.INT, i: value };
}

function bytesOf(data: Float32Array | Int8Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly names = new Set<string>();
  private count = 0;

  /** Adds a node with one output; returns the output's name. */
  op(type: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputName?: string): string {
    const output = outputName ?? `${type}_${this.count}`;
    this.nodes.push({ opType: type, name: `n${this.count++}_${type}`, input: inputs, output: [output], attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return output;
  }

  /** Adds a node with several outputs. */
  multi(type: string, inputs: string[], outputs: number, attrs: Record<string, AttrValue> = {}): string[] {
    const names = Array.from({ length: outputs }, (_, i) => `${type}_${this.count}_${i}`);
    this.nodes.push({ opType: type, name: `n${this.count++}_${type}`, input: inputs, output: names, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return names;
  }

  private tensor(name: string, dims: number[], dataType: number, data: Float32Array | Int8Array | BigInt64Array): string {
    if (this.names.has(name)) throw new Error(`initializer ${name} defined twice`);
    const expected = dims.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`${name}: ${data.length} values for dims [${dims}]`);
    this.names.add(name);
    this.initializers.push({ name, dims, dataType, rawData: bytesOf(data) });
    return name;
  }

  float(name: string, dims: number[], data: Float32Array | number[]): string {
    return this.tensor(name, dims, DT.FLOAT, data instanceof Float32Array ? data : Float32Array.from(data));
  }

  int8(name: string, dims: number[], data: Int8Array): string {
    return this.tensor(name, dims, DT.INT8, data);
  }

  int64(name: string, dims: number[], values: number[]): string {
    return this.tensor(name, dims, DT.INT64, BigInt64Array.from(values.map(BigInt)));
  }

  /** Encodes the model: IR version 8 (ONNX Runtime 1.21 rejects 10+), the default domain at `opset`. */
  encode(spec: {
    name: string;
    opset: number;
    docString: string;
    inputs: { name: string; elemType: number; shape: (string | number)[] }[];
    outputs: { name: string; elemType: number; shape: (string | number)[] }[];
    metadata: Record<string, string>;
  }): Uint8Array {
    const valueInfo = (v: (typeof spec.inputs)[number]): onnxProto.onnx.IValueInfoProto => ({
      name: v.name,
      type: { tensorType: { elemType: v.elemType, shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: spec.opset }],
      producerName: 'persona-curator',
      producerVersion: '1',
      docString: spec.docString,
      metadataProps: Object.entries(spec.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: spec.name,
        node: this.nodes,
        initializer: this.initializers,
        input: spec.inputs.map(valueInfo),
        output: spec.outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
