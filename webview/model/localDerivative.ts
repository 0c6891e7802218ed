// The local derivative ∂y/∂x_k of each op, as a formula in the inputs' names and, for scalars, as a
// number: the factor the walk-through multiplies the upstream gradient by (the chain rule, one node at a time).

/** One operand of an op as the walk-through sees it: a display name and, for scalars, its value. */
export interface Operand {
  name: string;
  value: number | null;
}

/** A local derivative: how it is written, and its value when every operand is a known scalar. */
export interface Local {
  /** The factor, e.g. "w3", "σ′(f2) = h2·(1 − h2)", "1". */
  formula: string;
  value: number | null;
  /** How the upstream gradient meets it for tensors: elementwise ⊙, matrix product, or a reshaping. */
  combine: "scale" | "matmul-right" | "matmul-left" | "broadcast" | "other";
  /** With matmul-right: the upstream gradient enters transposed (gᵀ·a, the weight of x·Wᵀ). */
  transposeUpstream?: boolean;
}

const known = (...xs: (number | null)[]): boolean => xs.every((x) => x !== null && Number.isFinite(x));
const paren = (s: string): string => (/^[\w.#′]+$/.test(s) ? s : `(${s})`);

/** ∂y/∂(input k) of op `op` at the given operands (y is the op's output). */
export function localDerivative(op: string, attrs: Record<string, unknown> | undefined, inputs: readonly Operand[], y: Operand, k: number): Local {
  const a = inputs[0] ?? { name: "a", value: null };
  const b = inputs[1] ?? { name: "b", value: null };
  const av = a.value;
  const bv = b.value;
  const yv = y.value;
  const scale = (formula: string, value: number | null): Local => ({ formula, value, combine: "scale" });
  switch (op) {
    case "add":
      return scale("1", 1);
    case "sub":
      return k === 0 ? scale("1", 1) : scale("−1", -1);
    case "mul":
      return k === 0 ? scale(b.name, bv) : scale(a.name, av);
    case "div":
      if (k === 0) return scale(`1/${paren(b.name)}`, known(bv) ? 1 / bv! : null);
      return scale(`−${paren(a.name)}/${paren(b.name)}²`, known(av, bv) ? -av! / (bv! * bv!) : null);
    case "neg":
      return scale("−1", -1);
    case "exp":
      return scale(`exp(${a.name}) = ${y.name}`, yv);
    case "log":
      return scale(`1/${paren(a.name)}`, known(av) ? 1 / av! : null);
    case "sqrt":
      return scale(`1/(2·${paren(y.name)})`, known(yv) ? 1 / (2 * yv!) : null);
    case "abs":
      return scale(`sign(${a.name})`, known(av) ? Math.sign(av!) : null);
    case "tanh":
      return scale(`tanh′(${a.name}) = 1 − ${paren(y.name)}²`, known(yv) ? 1 - yv! * yv! : null);
    case "sigmoid":
      return scale(`σ′(${a.name}) = ${paren(y.name)}·(1 − ${paren(y.name)})`, known(yv) ? yv! * (1 - yv!) : null);
    case "relu":
      return scale(`[${a.name} > 0]`, known(av) ? +(av! > 0) : null);
    case "leakyRelu": {
      const slope = typeof attrs?.slope === "number" ? attrs.slope : 0.01;
      return scale(`${a.name} > 0 ? 1 : ${slope}`, known(av) ? (av! > 0 ? 1 : slope) : null);
    }
    case "powScalar": {
      const p = typeof attrs?.exponent === "number" ? attrs.exponent : null;
      if (p === null) return scale(`p·${paren(a.name)}^(p−1)`, null);
      const formula = p === 2 ? `2·${paren(a.name)}` : p === 1 ? "1" : `${p}·${paren(a.name)}^${p - 1}`;
      return scale(formula, known(av) ? p * Math.pow(av!, p - 1) : null);
    }
    case "pow":
      if (k === 0) return scale(`${paren(b.name)}·${paren(a.name)}^(${b.name}−1)`, known(av, bv) ? bv! * Math.pow(av!, bv! - 1) : null);
      return scale(`${paren(y.name)}·ln ${paren(a.name)}`, known(yv, av) ? (av! === 0 ? 0 : yv! * Math.log(av!)) : null);
    case "matmul":
      // y = a·b: ∂/∂a is g·bᵀ, ∂/∂b is aᵀ·g. With transB (nn.Linear's x·Wᵀ), y = a·bᵀ: ∂/∂a is g·b, ∂/∂b is gᵀ·a.
      if (attrs?.transB === true) return k === 0 ? { formula: paren(b.name), value: null, combine: "matmul-right" } : { formula: paren(a.name), value: null, combine: "matmul-right", transposeUpstream: true };
      return k === 0 ? { formula: `${paren(b.name)}ᵀ`, value: null, combine: "matmul-right" } : { formula: `${paren(a.name)}ᵀ`, value: null, combine: "matmul-left" };
    case "sum":
    case "expand":
      return { formula: "1", value: 1, combine: "broadcast" };
    case "reshape":
    case "permute":
    case "copy":
    case "slice":
    case "concat":
    case "gather":
    case "indexSelect":
      return { formula: "1", value: 1, combine: "broadcast" };
    default:
      return { formula: `∂${paren(y.name)}/∂${paren(inputs[k]?.name ?? "x")}`, value: null, combine: "other" };
  }
}

/** The forward expression of an op in its operands' names (or values): "w1 · x", "σ(f1)". */
export function forwardExpr(op: string, attrs: Record<string, unknown> | undefined, args: readonly string[]): string {
  const [a = "?", b = "?"] = args;
  switch (op) {
    case "add":
      return `${a} + ${b}`;
    case "sub":
      return `${a} − ${paren(b)}`;
    case "mul":
      return `${paren(a)}·${paren(b)}`;
    case "div":
      return `${paren(a)} / ${paren(b)}`;
    case "neg":
      return `−${paren(a)}`;
    case "powScalar":
      return `${paren(a)}^${typeof attrs?.exponent === "number" ? attrs.exponent : "p"}`;
    case "pow":
      return `${paren(a)}^${paren(b)}`;
    case "sigmoid":
      return `σ(${a})`;
    case "matmul":
      return attrs?.transB === true ? `${paren(a)} @ ${paren(b)}ᵀ` : `${paren(a)} @ ${paren(b)}`;
    default:
      return `${op}(${args.join(", ")})`;
  }
}
