// Maps the engine's scope stack (module instances) to dotted module paths, as model.namedModules()
// names them. Modules the model spec does not name are discovered when their forward runs.
import { type Scope, scopeStack } from "../engine/autograd";
import { Module } from "../engine/nn/module";
import type { Tensor } from "../engine/tensor";

/** A module parameter with its dotted name and its owner's path. */
export interface ModuleParam {
  name: string;
  module: string;
  param: Tensor;
}

/** A module with its path ("" for the model itself). */
export interface NamedModule {
  path: string;
  module: Module;
}

/** Resolves scopes to module paths, learning modules the model spec did not name. */
export class ModuleNamer {
  private readonly paths = new Map<Scope, string>();
  private readonly ordered: NamedModule[] = [];
  private hasRoot = false;
  private readonly usedRootNames = new Set<string>();

  constructor(model?: Module) {
    if (model !== undefined) this.addRoot(model, "");
  }

  /** Every known module, in discovery order (the model's namedModules order first). */
  get modules(): readonly NamedModule[] {
    return this.ordered;
  }

  /** The path of a known module, or undefined. */
  pathOf(m: Scope): string | undefined {
    return this.paths.get(m);
  }

  /** Path of the innermost scope on the engine's stack right now; null outside any module. */
  current(): string | null {
    const stack = scopeStack();
    if (stack.length === 0) return null;
    const known = this.paths.get(stack[stack.length - 1]);
    return known !== undefined ? known : this.discover(stack);
  }

  /**
   * Names unknown scopes on the stack. With no model given, the first outermost module becomes the
   * model (paths as its namedModules); other roots are named by class (`Linear`, `Linear#2`).
   */
  private discover(stack: readonly Scope[]): string {
    let i = stack.length - 1;
    while (i >= 0 && !this.paths.has(stack[i])) i--;
    if (i < 0) {
      const root = stack[0];
      if (root instanceof Module) this.addRoot(root, this.hasRoot ? this.rootName(root.kind) : "");
      else this.paths.set(root, this.rootName(root.kind));
      i = 0;
    }
    for (let j = i + 1; j < stack.length; j++) {
      const s = stack[j];
      if (this.paths.has(s)) continue;
      // A module reached from a known parent but not through its fields (e.g. built inside forward).
      const parent = this.paths.get(stack[j - 1]) ?? "";
      const name = `${parent === "" ? "" : `${parent}.`}${s.kind}#${this.ordered.length}`;
      if (s instanceof Module) this.addRoot(s, name);
      else this.paths.set(s, name);
    }
    return this.paths.get(stack[stack.length - 1])!;
  }

  private rootName(kind: string): string {
    let name = kind;
    for (let k = 2; this.usedRootNames.has(name); k++) name = `${kind}#${k}`;
    this.usedRootNames.add(name);
    return name;
  }

  private addRoot(m: Module, prefix: string): void {
    if (prefix === "") this.hasRoot = true;
    for (const [path, sub] of m.namedModules(prefix)) {
      if (this.paths.has(sub)) continue;
      this.paths.set(sub, path);
      this.ordered.push({ path, module: sub });
    }
  }

  /** Module parameters with their dotted names, over every known module (shared ones once). */
  namedParameters(): ModuleParam[] {
    const seen = new Set<Tensor>();
    const out: ModuleParam[] = [];
    for (const { path, module } of this.ordered) {
      for (const [name, p] of module.namedOwnParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push({ name: path === "" ? name : `${path}.${name}`, module: path, param: p });
      }
    }
    return out;
  }
}
