// The base of every nn module: forward runs inside the module's scope (so the tracer knows which
// module produced each op), and parameters/children are found from the module's own fields, named
// as PyTorch names them (`layers.0.weight`).
import { withScope } from "../autograd";
import { Tensor } from "../tensor";

type Forward = (...args: never[]) => unknown;

// The engine's own module classes (the `nn` namespace's, marked by api.ts), and their instances:
// while such a module's forward runs, no user code runs but nested modules'. Instances of user
// subclasses are not among them, since a subclass may override any method its forward calls. An
// engine module that calls a function it was given must say so (callsUserCode).
const engineClasses = new WeakSet<object>();
const engineBodies = new WeakSet<object>();

/** Marks every module class among `values` (a namespace's exports) as engine code; instances made afterwards are engine-bodied. */
export function markEngineModules(values: Iterable<unknown>): void {
  for (const v of values) if (typeof v === "function" && v.prototype instanceof Module) engineClasses.add(v.prototype as object);
}

/**
 * True when `scope` is an instance of one of the engine's module classes (a Linear, a Sequential)
 * that was not given user code to call: every op it makes outside nested modules comes from engine
 * code, called from one place in the user's file.
 */
export function hasEngineBody(scope: object): boolean {
  return engineBodies.has(scope);
}

/** Marks a module as calling user code from its forward (a user activation function, say). */
export function callsUserCode(m: Module): void {
  engineBodies.delete(m);
}

/** Base class of layers and models. Subclasses define `forward`; fields holding parameters or modules are registered by being assigned. */
export class Module {
  /** Class name, shown in the graph and layer table. */
  readonly kind: string;
  /** Train mode (dropout active, batch norm uses batch statistics). */
  training = true;

  constructor() {
    this.kind = new.target.name;
    const own = (this as unknown as { forward?: Forward }).forward;
    if (typeof own === "function") {
      // NOTE: the prototype's forward is wrapped per instance so that calling model.forward(x)
      // directly (there is no __call__ in JS) still enters the module's scope.
      Object.defineProperty(this, "forward", {
        value: (...args: never[]) => withScope(this, () => own.apply(this, args)),
        enumerable: false,
        writable: true,
        configurable: true,
      });
      if (engineClasses.has(new.target.prototype as object)) engineBodies.add(this);
    }
  }

  /** Direct children, with their field names (arrays of modules are named by index). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module)) {
        value.forEach((m: Module, i) => out.push([`${key}.${i}`, m]));
      }
    }
    return out;
  }

  /** This module and every descendant, depth-first in definition order, with dotted paths ("" for this one). */
  namedModules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  /** Parameters held directly by this module (fields holding tensors that require grad). */
  namedOwnParameters(): [string, Tensor][] {
    return Object.entries(this).filter((e): e is [string, Tensor] => e[1] instanceof Tensor && e[1].requiresGrad);
  }

  /** Every parameter with its PyTorch-style dotted path, e.g. `layers.0.weight`. Shared parameters appear once. */
  namedParameters(prefix = ""): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [path, m] of this.namedModules(prefix)) {
      for (const [name, p] of m.namedOwnParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([path ? `${path}.${name}` : name, p]);
      }
    }
    return out;
  }

  /** Tensors held in fields that do not require grad (running statistics…), with dotted paths. */
  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [path, m] of this.namedModules(prefix)) {
      for (const [name, value] of Object.entries(m)) {
        if (value instanceof Tensor && !value.requiresGrad) out.push([path ? `${path}.${name}` : name, value]);
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Sets train mode on this module and its descendants. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Sets eval mode (dropout off, batch norm uses running statistics). */
  eval(): this {
    return this.train(false);
  }

  /** Clears .grad of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
}
