// Source locations of a traced pass, one stack walk per call into the engine's modules: every op a
// call of an engine module (a Linear, a Sequential of them) makes, nested engine modules included,
// has the same user location — the line that called it — so env.locate() runs once per such call,
// as the call enters (the user's frame is a few frames away then, and each frame walked costs),
// instead of once per op. Ops in user code (a user module's forward, the loss) are located one by one.
import { scopeEntryIds, scopeStack } from "../engine/autograd";
import { hasEngineBody } from "../engine/nn/module";
import type { SourceLoc } from "../protocol";

/** Wraps env.locate() with a cache keyed by the current call into engine modules. */
export class ScopedLocator {
  private entry = 0;
  private loc: SourceLoc | null = null;

  constructor(private readonly locateNow: () => SourceLoc | null) {}

  /** A scope was entered: locates a call into an engine module now, while its caller is near. */
  entered(): void {
    const entry = engineCallEntry();
    if (entry !== 0) this.locateCall(entry);
  }

  /** The user's location of the op being made now (as env.locate() would give it). */
  locate(): SourceLoc | null {
    const entry = engineCallEntry();
    return entry === 0 ? this.locateNow() : this.locateCall(entry);
  }

  /** The location of the engine-module call `entry`, located on its first use. */
  private locateCall(entry: number): SourceLoc | null {
    if (entry !== this.entry) {
      this.entry = entry;
      this.loc = this.locateNow();
    }
    return this.loc;
  }
}

/**
 * The entry number of the outermost scope of the run of engine-bodied modules at the top of the
 * scope stack (the call the user's code made), or 0 when the innermost scope runs user code.
 */
function engineCallEntry(): number {
  const stack = scopeStack();
  let i = stack.length - 1;
  if (i < 0 || !hasEngineBody(stack[i])) return 0;
  while (i > 0 && hasEngineBody(stack[i - 1])) i--;
  return scopeEntryIds()[i];
}
