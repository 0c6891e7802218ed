// Containers: Sequential and ModuleList. Children are stored in fields named "0", "1", … so that
// the Module base names their parameters as PyTorch does ("0.weight", "layers.2.bias").
import { Module } from "./module";
import type { Tensor } from "../tensor";

/** A module whose forward takes one tensor and returns one (what Sequential chains). */
export type TensorModule = Module & { forward(x: Tensor): Tensor };

/** Stores `modules` under consecutive index fields of `owner`, starting at `from`; returns the new length. */
function storeIndexed(owner: Module, modules: readonly Module[], from: number, kind: string): number {
  modules.forEach((m, i) => {
    if (!(m instanceof Module)) throw new TypeError(`${kind}: entry ${from + i} is not a Module (got ${typeof m})`);
    (owner as unknown as Record<string, Module>)[String(from + i)] = m;
  });
  return from + modules.length;
}

function resolveIndex(kind: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new RangeError(`${kind}: index ${index} is out of range for ${length} modules`);
  }
  return index < 0 ? index + length : index;
}

/**
 * Runs its modules in order, each on the previous one's output. Children are named "0", "1", … —
 * or, given one object of named modules (PyTorch's OrderedDict form), by those names.
 */
export class Sequential extends Module {
  [index: number]: TensorModule;
  private readonly names: string[];

  constructor(...modules: TensorModule[] | [Record<string, TensorModule>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && !(first instanceof Module) && typeof first === "object") {
      const named = first as Record<string, TensorModule>;
      this.names = Object.keys(named);
      for (const name of this.names) {
        if (name in this || /^\d+$/.test(name)) throw new TypeError(`Sequential: "${name}" cannot name a child (it is a field of Sequential or a number)`);
        if (!(named[name] instanceof Module)) throw new TypeError(`Sequential: child "${name}" is not a Module`);
        (this as unknown as Record<string, Module>)[name] = named[name];
      }
    } else {
      const list = modules as TensorModule[];
      storeIndexed(this, list, 0, "Sequential");
      this.names = list.map((_, i) => String(i));
    }
  }

  get length(): number {
    return this.names.length;
  }

  /** The module at a position (negative counts from the end). */
  at(index: number): TensorModule {
    return (this as unknown as Record<string, TensorModule>)[this.names[resolveIndex("Sequential", index, this.length)]];
  }

  /** Adds a module at the end. */
  append(module: TensorModule): this {
    if (this.names.some((n) => !/^\d+$/.test(n))) throw new TypeError("Sequential: append() needs a Sequential of indexed (unnamed) children");
    storeIndexed(this, [module], this.length, "Sequential");
    this.names.push(String(this.length));
    return this;
  }

  *[Symbol.iterator](): Iterator<TensorModule> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this) y = m.forward(y);
    return y;
  }
}

/** A list of modules whose parameters are registered ("layers.0.weight"); indexable and iterable, with no forward of its own. */
export class ModuleList<M extends Module = Module> extends Module {
  [index: number]: M;
  private count = 0;

  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return this.count;
  }

  /** The module at a position (negative counts from the end). */
  at(index: number): M {
    return this[resolveIndex("ModuleList", index, this.count)];
  }

  /** Adds a module at the end. */
  append(module: M): this {
    this.count = storeIndexed(this, [module], this.count, "ModuleList");
    return this;
  }

  /** Adds modules at the end. */
  extend(modules: Iterable<M>): this {
    this.count = storeIndexed(this, [...modules], this.count, "ModuleList");
    return this;
  }

  *[Symbol.iterator](): Iterator<M> {
    for (let i = 0; i < this.count; i++) yield this[i];
  }
}
