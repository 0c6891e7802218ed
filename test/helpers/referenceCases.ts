// The shared PyTorch reference cases (../shared/reference, SCHEMA.md): where they are and the shape
// of a case file, for the tests that read them.
import { fileURLToPath } from "node:url";

/** The shared PyTorch reference cases: ../shared/reference/cases beside the repository (CI lays shared/ there too). */
export const SHARED_CASES_DIR = fileURLToPath(new URL("../../../shared/reference/cases", import.meta.url));

/** A number of a case file: non-finite values are written as text. */
export type RefNumber = number | "NaN" | "Infinity" | "-Infinity";

/** An input or parameter of a case. */
export interface RefTensor {
  name: string;
  shape: number[];
  dtype: "float64" | "int64";
  requires_grad?: boolean;
  data: RefNumber[];
}

/** One recorded op of a case's forward pass. */
export interface RefOpRecord {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Readonly<Record<string, unknown>>;
}

/** An op output with its value and, where one flows, its gradient. */
export interface RefIntermediate {
  name: string;
  shape: number[];
  data: RefNumber[];
  grad: RefNumber[] | null;
}

/** A case file (cases/<name>.json). */
export interface RefCaseFile {
  name: string;
  description: string;
  inputs: RefTensor[];
  params: RefTensor[];
  ops: RefOpRecord[];
  loss_name: string;
  loss: number;
  grads: Record<string, { shape: number[]; data: RefNumber[] }>;
  analytically_zero_grads: string[];
  intermediates: RefIntermediate[];
  extras?: Record<string, unknown> | null;
}

/** A case file's numbers as a Float64Array ("NaN", "Infinity" and "-Infinity" decoded). */
export function decodeNumbers(v: readonly RefNumber[]): Float64Array {
  return Float64Array.from(v, (x) => Number(x));
}
