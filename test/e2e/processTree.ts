import { readdirSync, readFileSync } from "node:fs";

/** One live process as /proc shows it (Linux). */
interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
}

/** Every live (non-zombie) process. */
function snapshot(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may contain spaces and ")", so parse after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state !== "Z") processes.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp) });
    } catch {
      // The process ended while we were reading.
    }
  }
  return processes;
}

/**
 * The live processes a started process `root` is responsible for: itself, its descendants, and the
 * members of its process group (which keeps helpers whose parent already exited).
 */
export function processTree(root: number): number[] {
  const processes = snapshot();
  const found = new Set<number>();
  for (const p of processes) if (p.pid === root || p.pgrp === root) found.add(p.pid);
  const queue = [root, ...found];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const p of processes) {
      if (p.ppid === parent && !found.has(p.pid)) {
        found.add(p.pid);
        queue.push(p.pid);
      }
    }
  }
  return [...found];
}

/** Sends `signal` to each pid, ignoring those already gone. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // ESRCH: already exited.
    }
  }
}
