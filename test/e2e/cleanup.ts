/** Something the run started and must stop: `stop` politely, `killNow` synchronously as the last resort. */
export interface Resource {
  readonly name: string;
  stop(): Promise<void>;
  killNow(): void;
}

interface Registry {
  resources: Resource[];
  handlersInstalled: boolean;
  exiting: boolean;
}

// NOTE: the runner and each UI spec are separate bundles, each with its own copy of this module; one
// registry on globalThis makes them share the resources and a single set of signal handlers.
const registryKey = Symbol.for("backprop-lens.e2e.cleanup");
const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[registryKey] ??= {
  resources: [],
  handlersInstalled: false,
  exiting: false,
});
const resources = registry.resources;

/** Registers a resource to stop on every exit path; returns a function that unregisters it. */
export function track(resource: Resource): () => void {
  installHandlers();
  resources.push(resource);
  return () => {
    const i = resources.indexOf(resource);
    if (i >= 0) resources.splice(i, 1);
  };
}

/** Stops every tracked resource, newest first; one that hangs is killed after `graceMs`. */
export async function stopAll(graceMs = 15_000): Promise<void> {
  while (resources.length > 0) {
    const resource = resources.pop()!;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`e2e: ${resource.name} did not stop within ${graceMs / 1000} s; killing it`);
        resolve();
      }, graceMs);
    });
    try {
      await Promise.race([resource.stop(), timedOut]);
    } catch (error) {
      console.error(`e2e: stopping ${resource.name} failed: ${String(error)}`);
    } finally {
      clearTimeout(timer);
      resource.killNow();
    }
  }
}

/** Stops everything, then exits with `code`; later calls (a second Ctrl-C) exit at once. */
export async function exitAfterCleanup(code: number, reason?: string): Promise<never> {
  if (reason) console.error(`e2e: ${reason}`);
  if (registry.exiting) process.exit(code);
  registry.exiting = true;
  await stopAll();
  process.exit(code);
}

/** Rejects when `promise` has not settled within `ms`; the message names what was awaited. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function installHandlers(): void {
  if (registry.handlersInstalled) return;
  registry.handlersInstalled = true;
  const signals: [NodeJS.Signals, number][] = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]];
  for (const [signal, code] of signals) process.on(signal, () => void exitAfterCleanup(code, `${signal} received; stopping`));
  process.on("uncaughtException", (error) => void exitAfterCleanup(1, `uncaught: ${error.stack ?? String(error)}`));
  process.on("unhandledRejection", (error) => void exitAfterCleanup(1, `unhandled rejection: ${String(error)}`));
  // NOTE: the exit event allows only synchronous work: SIGKILL whatever is still registered.
  process.on("exit", () => {
    for (const resource of [...resources].reverse()) resource.killNow();
  });
}
