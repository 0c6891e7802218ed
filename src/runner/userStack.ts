// Maps stack frames of the bundled model back to the user's files through the bundle's source map:
// locate functions for the tracer (the user's call site of the current op, each call site mapped
// once) and the location and readable stack of a thrown error.
import { type SourceMap, findSourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import type { SourceLoc } from "../protocol";

type CallSite = NodeJS.CallSite;

// Frames to look through for a user frame: engine calls can nest deeply (module forward wrappers,
// composites, the tracer), and the default limit of 10 would often stop short of the user's line.
const STACK_LIMIT = 64;
// locate() first captures this many frames, and later one more than the deepest user frame it has
// had to look for: each frame captured costs ~2 µs (V8 rebuilds the frames of inlined calls), and a
// model's call sites sit at a few depths.
const NEAR_START = 8;

/** Stack mapping for one bundle. Construct before require()-ing the bundle (it enables source maps). */
export class UserStack {
  private readonly userFiles: Set<string>;
  private readonly cache = new Map<string, SourceLoc | null>();
  private readonly sitesOf = new WeakMap<object, CallSite[]>();
  private map: SourceMap | undefined;

  constructor(
    private readonly bundlePath: string,
    userFiles: readonly string[],
  ) {
    this.userFiles = new Set(userFiles);
    // NOTE: node keeps a bundle's source map only when source maps are on as the bundle loads.
    process.setSourceMapsEnabled(true);
    Error.stackTraceLimit = STACK_LIMIT;
    // Our own formatter (instead of node's) so that every thrown error keeps its structured frames.
    Error.prepareStackTrace = (err: Error, sites: CallSite[]) => {
      this.sitesOf.set(err, sites);
      return this.format(err, sites);
    };
  }

  /**
   * A locate function: the user's file:line:column of the current call stack (innermost user frame),
   * or null. Each learns how deep its callers' user frames sit, so keep one per purpose (the leaf
   * recording while the file loads; the traced pass).
   */
  locator(): () => SourceLoc | null {
    let near = NEAR_START;
    const locate = (): SourceLoc | null => {
      const sites = this.capture(near, locate);
      const hit = this.firstUser(sites);
      if (hit !== null) return hit.loc;
      if (sites.length < near) return null; // the whole stack, and no user frame in it
      const deep = this.firstUser(this.capture(STACK_LIMIT, locate));
      if (deep === null) return null;
      near = Math.max(near, deep.at + 1);
      return deep.loc;
    };
    return locate;
  }

  /** The current call stack's frames below `below`, at most `limit`. */
  private capture(limit: number, below: () => unknown): CallSite[] {
    const holder: { stack?: unknown } = {};
    const prev = Error.prepareStackTrace;
    const prevLimit = Error.stackTraceLimit;
    Error.prepareStackTrace = (_e, sites) => sites;
    Error.stackTraceLimit = limit;
    try {
      Error.captureStackTrace(holder, below);
      return holder.stack as CallSite[];
    } finally {
      Error.prepareStackTrace = prev;
      Error.stackTraceLimit = prevLimit;
    }
  }

  /** The user's frames of a thrown error's stack, innermost first (empty when none are the user's). */
  errorFrames(err: Error): SourceLoc[] {
    void err.stack; // NOTE: V8 formats the stack (and hands us its frames) on first access.
    const sites = this.sitesOf.get(err) ?? [];
    return sites.map((s) => this.mapSite(s)).filter((l) => l !== null);
  }

  /** The user frame a call site maps to, or null for engine, node and library frames. */
  mapSite(site: CallSite): SourceLoc | null {
    if (site.getFileName() !== this.bundlePath) return null;
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (line === null || column === null) return null;
    const key = `${line}:${column}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const loc = this.lookup(line, column);
    this.cache.set(key, loc);
    return loc;
  }

  private lookup(line: number, column: number): SourceLoc | null {
    this.map ??= findSourceMap(this.bundlePath);
    return this.map ? originalLoc(this.map, this.userFiles, line - 1, column - 1) : null;
  }

  /** The innermost user frame of `sites`: its index and where it is. */
  private firstUser(sites: readonly CallSite[]): { at: number; loc: SourceLoc } | null {
    for (let at = 0; at < sites.length; at++) {
      const loc = this.mapSite(sites[at]);
      if (loc !== null) return { at, loc };
    }
    return null;
  }

  /** A node-style stack with user frames mapped, cut after the outermost user frame. */
  private format(err: Error, sites: readonly CallSite[]): string {
    let header: string;
    try {
      header = `${err.name ?? "Error"}: ${err.message ?? ""}`;
    } catch {
      header = "Error";
    }
    const lines = sites.map((s) => {
      const loc = this.mapSite(s);
      return { user: loc !== null, text: loc ? `${s.getFunctionName() ?? "<anonymous>"} (${loc.file}:${loc.line}:${loc.column})` : String(s) };
    });
    let last = -1;
    lines.forEach((l, i) => {
      if (l.user) last = i;
    });
    const kept = last >= 0 ? lines.slice(0, last + 1) : lines;
    return [header, ...kept.map((l) => `    at ${l.text}`)].join("\n");
  }
}

/** The user's file:line:column (1-based) of a 0-based bundle position, or null outside the user's files. */
export function originalLoc(map: SourceMap, userFiles: ReadonlySet<string>, line0: number, column0: number): SourceLoc | null {
  const entry = map.findEntry(line0, column0);
  if (!("originalSource" in entry)) return null;
  const src = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : entry.originalSource;
  if (!userFiles.has(src)) return null;
  return { file: src, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}
