// A tiny ONNX graph builder over onnx-proto, so the model build needs Node only (no Python, no onnx package).
import { createRequire } from 'node:module';
import type { onnx as OnnxNs } from 'onnx-proto';

// onnx-proto is a CommonJS protobufjs static module; require keeps tsx and Vitest agreeing on its shape.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNs };

/** ONNX TensorProto.DataType codes used here. */
export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

/** A dimension: a fixed size or a symbolic name such as 'batch'. */
export type Dim = number | string;

/** An attribute value: an integer is INT, an integer array is INTS. */
export type Attr = number | number[];

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function valueInfo(name: string, elemType: number, dims: Dim[]): OnnxNs.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/**
 * Accumulates nodes and initializers; every op returns its output name so graphs read like expressions.
 * Names are generated (`<op>_<k>`) unless given, and constants are de-duplicated by name.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNs.INodeProto[] = [];
  private readonly initializers = new Map<string, OnnxNs.ITensorProto>();
  private readonly inputs: OnnxNs.IValueInfoProto[] = [];
  private readonly outputs: OnnxNs.IValueInfoProto[] = [];
  private counter = 0;

  /** Declares a graph input. */
  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A float32 initializer of shape `dims` (row-major `data`). */
  float(name: string, dims: number[], data: Float32Array | number[]): string {
    const arr = data instanceof Float32Array ? data : Float32Array.from(data);
    const n = dims.reduce((a, b) => a * b, 1);
    if (arr.length !== n) throw new Error(`${name}: ${arr.length} values for shape [${dims.join(',')}]`);
    return this.addInit({ name, dims, dataType: DT.FLOAT, rawData: bytesOf(arr) });
  }

  /** An int8 initializer (quantised weights). */
  int8(name: string, dims: number[], data: Int8Array): string {
    return this.addInit({ name, dims, dataType: DT.INT8, rawData: bytesOf(data) });
  }

  /** An int64 initializer (shapes, axes, slice bounds); 1-D unless `dims` says otherwise. */
  int64(name: string, values: number[], dims: number[] = [values.length]): string {
    const arr = BigInt64Array.from(values.map((v) => BigInt(v)));
    return this.addInit({ name, dims, dataType: DT.INT64, rawData: bytesOf(arr) });
  }

  private addInit(t: OnnxNs.ITensorProto): string {
    const name = t.name as string;
    if (this.initializers.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.initializers.set(name, t);
    return name;
  }

  /** Adds one node with a single output and returns the output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, outName?: string): string {
    return this.opN(opType, inputs, 1, attrs, outName ? [outName] : undefined)[0] as string;
  }

  /** Adds one node with `nOut` outputs and returns their names. */
  opN(opType: string, inputs: string[], nOut: number, attrs: Record<string, Attr> = {}, outNames?: string[]): string[] {
    const k = this.counter++;
    const output = outNames ?? Array.from({ length: nOut }, (_, i) => `${opType.toLowerCase()}_${k}${nOut > 1 ? `_${i}` : ''}`);
    const attribute: OnnxNs.IAttributeProto[] = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v)
        ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
        : { name, type: onnx.AttributeProto.AttributeType.INT, i: v },
    );
    this.nodes.push({ name: `${opType}_${k}`, opType, input: inputs, output, attribute });
    return output;
  }

  /** Number of nodes so far. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Serialises an IR-7 model with a single default-domain opset import. */
  encode(graphName: string, opset: number, docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'overton-build-model',
      producerVersion: '1',
      docString,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: [...this.initializers.values()],
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
