// The optimizer base, as torch.optim.Optimizer: parameter groups with per-group options, per-parameter
// state, zeroGrad() and step(). Subclasses update param.data in place, element by element, in the
// same order of floating-point operations as PyTorch's single-tensor implementations.
import type { Tensor } from "../tensor";

/** A parameter group: its parameters and the options that apply to them (unset ones come from the defaults). */
export type ParamGroupSpec<O> = Partial<O> & { params: Iterable<Tensor> };

/** A parameter group as the optimizer holds it: every option filled in. Options may be changed between steps. */
export type ParamGroup<O> = O & { params: Tensor[] };

/** What an optimizer accepts: parameters (e.g. model.parameters()) or a list of parameter groups. */
export type ParamsArg<O> = Iterable<Tensor> | readonly ParamGroupSpec<O>[];

/** Base of every optimizer. O: the options, S: the state kept per parameter. */
export abstract class Optimizer<O extends object = object, S = unknown> {
  /** The parameter groups, in order; a group's options can be edited (e.g. a learning-rate schedule). */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates), created on a parameter's first step. */
  readonly state = new Map<Tensor, S>();

  protected constructor(
    /** Optimizer name, used in error messages. */
    readonly kind: string,
    params: ParamsArg<O>,
    /** Options used where a group does not set its own. */
    readonly defaults: O,
  ) {
    const list = [...(params as Iterable<Tensor | ParamGroupSpec<O>>)];
    if (list.length === 0) throw new Error(`${kind}: got an empty parameter list`);
    const isGroup = (v: Tensor | ParamGroupSpec<O>): v is ParamGroupSpec<O> => typeof v === "object" && v !== null && "params" in v && !("data" in v);
    const groups: ParamGroupSpec<O>[] = list.every(isGroup) ? list : [{ params: list as Tensor[] } as unknown as ParamGroupSpec<O>];
    for (const g of groups) this.addParamGroup(g);
  }

  /** Adds a group of parameters with its own options (as torch's add_param_group). */
  addParamGroup(spec: ParamGroupSpec<O>): void {
    const params = [...spec.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (typeof p !== "object" || p === null || !(p.data instanceof Float64Array)) throw new Error(`${this.kind}: parameter ${i} is not a Tensor`);
      if (!p.isLeaf) throw new Error(`${this.kind}: parameter ${i} is not a leaf tensor (it is the output of ${p.op}); optimizers can only update leaves`);
      if (seen.has(p)) throw new Error(`${this.kind}: parameter ${i}${p.label ? ` (${p.label})` : ""} appears more than once; each parameter may be given once`);
      seen.add(p);
    });
    // An option given as undefined falls back to the default, as if it were left out.
    const own = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
    const group = { ...this.defaults, ...own, params } as ParamGroup<O>;
    this.validate(group);
    this.paramGroups.push(group);
  }

  /** Clears the gradient of every parameter (sets .grad to null). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /**
   * Updates every parameter that has a gradient, in place. A closure, if given, is called first
   * (it should zero the grads, recompute the loss and call backward) and its result is returned.
   */
  step<T>(closure?: () => T): T | undefined {
    const loss = closure?.();
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (p.grad.numel !== p.numel) {
          throw new Error(`${this.kind}: the gradient of a parameter of shape [${p.shape.join(", ")}] has ${p.grad.numel} elements; it must have ${p.numel}`);
        }
        this.update(p, p.grad.data, group);
      }
    }
    return loss;
  }

  /** Throws if a group's options are out of range. */
  protected abstract validate(group: ParamGroup<O>): void;

  /** Updates one parameter's data in place from its gradient. */
  protected abstract update(p: Tensor, grad: Float64Array, group: ParamGroup<O>): void;

  /** Throws unless `value` satisfies `ok`, naming the optimizer and the option. */
  protected check(ok: boolean, option: string, value: unknown, rule: string): void {
    if (!ok) throw new RangeError(`${this.kind}: invalid ${option} ${String(value)} (${rule})`);
  }
}
