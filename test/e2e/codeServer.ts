import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { track } from "./cleanup";
import { processTree, signalAll } from "./processTree";
import { paths } from "./paths";

/** How a throwaway code-server is set up. */
export interface CodeServerOptions {
  /** .vsix files installed into the fresh extensions folder, as a user would, before the server starts. */
  readonly vsixFiles?: readonly string[];
  /** User settings laid over the harness defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for code-server, and so for the extension host it spawns. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where code-server's own output is copied when it stops (kept for failed runs). */
  readonly keepLogAs?: string;
  /**
   * Workspace Trust on (default off): the folders the workbench opens are not trusted, so it runs in
   * Restricted Mode (vscode.workspace.isTrusted is false) without asking at startup.
   */
  readonly workspaceTrust?: boolean;
}

/** A running code-server on 127.0.0.1 with its own temporary user-data, extensions and XDG folders. */
export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The temporary folder holding everything this server writes. */
  readonly root: string;
  /** Copies test/e2e/workspaces/NAME into a fresh folder and returns its absolute path. */
  createWorkspace(name: string): Promise<string>;
  /** The workbench URL that opens `folder`, with an optional VS Code payload (e.g. extension tests). */
  workbenchUrl(folder: string, payload?: WorkbenchPayload): string;
  /** A path on the server as the vscode-remote URI the workbench expects in payloads. */
  remoteUri(path: string): string;
  /** Stops the server and every process it started, then removes its folders. */
  stop(): Promise<void>;
}

/** VS Code's workbench payload: [name, value] pairs such as extensionDevelopmentPath. */
export type WorkbenchPayload = readonly (readonly [string, string])[];

/** The URL of a workbench on `serverUrl` that opens `folder`, with an optional payload. */
export function workbenchUrl(serverUrl: string, folder: string, payload?: WorkbenchPayload): string {
  const query = `folder=${encodeURIComponent(folder)}`;
  return payload ? `${serverUrl}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}` : `${serverUrl}/?${query}`;
}

/** Model files a workspace takes from examples/ (its name there → its name in the workspace), not kept twice. */
const FROM_EXAMPLES: Record<string, Record<string, string>> = {
  panel: { "mlp.ts": "mlp.ts", "vanishing-sigmoid.ts": "deep-sigmoid.ts" },
};

/** Copies test/e2e/workspaces/NAME (and its files from examples/) into a fresh folder under `parentDir`; returns its path. */
export async function copyWorkspace(name: string, parentDir: string): Promise<string> {
  await mkdir(parentDir, { recursive: true });
  const target = await mkdtemp(join(parentDir, `${name}-`));
  await cp(join(paths.workspaces, name), target, { recursive: true });
  for (const [from, to] of Object.entries(FROM_EXAMPLES[name] ?? {})) await cp(join(paths.repo, "examples", from), join(target, to));
  return target;
}

/** Settings that keep the workbench quiet, offline and quick to hover. */
const defaultSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "security.workspace.trust.enabled": false,
  "editor.hover.delay": 100,
  // Typed-in model text stays as written: no auto-indent or auto-closing piling up on each new line.
  "editor.autoIndent": "none",
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
};

/** Settings of a workbench with Workspace Trust on: nothing is trusted and no prompt hides the workbench. */
const workspaceTrustSettings = {
  "security.workspace.trust.enabled": true,
  // "never": the folder opens in Restricted Mode instead of behind the startup trust dialog.
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.emptyWindow": false,
  "security.workspace.trust.untrustedFiles": "open",
};

const healthTimeoutMs = 60_000;
const installTimeoutMs = 120_000;

/** Starts code-server on a free 127.0.0.1 port and waits until /healthz answers. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const root = await mkdtemp(join(tmpdir(), "backprop-lens-e2e-"));
  const untrackRoot = track({
    name: `scratch folder ${root}`,
    stop: () => rm(root, { recursive: true, force: true, maxRetries: 3 }),
    killNow: () => rmSync(root, { recursive: true, force: true }),
  });
  const removeRoot = async (): Promise<void> => {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
    untrackRoot();
  };
  try {
    const server = await launch(root, options);
    return {
      ...server,
      async stop(): Promise<void> {
        await server.stop();
        await removeRoot();
      },
    };
  } catch (error) {
    await removeRoot();
    throw error;
  }
}

async function launch(root: string, options: CodeServerOptions): Promise<CodeServer> {
  const dirs = {
    userData: join(root, "user-data"),
    extensions: join(root, "extensions"),
    workspaces: join(root, "workspaces"),
    xdgConfig: join(root, "xdg-config"),
    xdgData: join(root, "xdg-data"),
    xdgCache: join(root, "xdg-cache"),
    xdgState: join(root, "xdg-state"),
  };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  await mkdir(join(dirs.userData, "User"), { recursive: true });
  const settings = { ...defaultSettings, ...(options.workspaceTrust ? workspaceTrustSettings : {}), ...options.settings };
  await writeFile(join(dirs.userData, "User", "settings.json"), JSON.stringify(settings, null, 2));

  const env = serverEnv(dirs, options.env ?? {});
  const configFile = join(root, "config.yaml");
  const commonArgs = ["--config", configFile, "--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions];
  await writeFile(configFile, "bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n");
  for (const vsix of options.vsixFiles ?? []) {
    await promisify(execFile)(paths.codeServerBin, [...commonArgs, "--install-extension", vsix], {
      env,
      timeout: installTimeoutMs,
    });
  }

  const logFile = join(root, "code-server.log");
  // A free port can be taken between our probe and code-server's bind: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    await writeFile(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const logFd = openSync(logFile, "a");
    const child = spawn(
      paths.codeServerBin,
      [
        ...commonArgs,
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-getting-started-override",
        ...(options.workspaceTrust ? [] : ["--disable-workspace-trust"]),
        "--ignore-last-opened",
      ],
      // detached: its own process group, so one signal reaches the extension host and helpers it forks.
      { detached: true, stdio: ["ignore", logFd, logFd], env },
    );
    closeSync(logFd);
    const server = makeServer(port, root, dirs.workspaces, child, logFile, options.keepLogAs);
    const untrack = track({ name: `code-server :${port}`, stop: server.stop, killNow: server.killNow });
    const stop = async (): Promise<void> => {
      await server.stop();
      untrack();
    };
    try {
      await waitForHealth(server.url, child, logFile);
      return { ...server, stop };
    } catch (error) {
      await stop();
      const portTaken = /EADDRINUSE/.test(readLog(logFile));
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}

type ServerParts = Omit<CodeServer, "stop"> & { stop(): Promise<void>; killNow(): void };

/** The processes of one code-server: stop() ends them all and keeps its log; the folders are the caller's. */
function makeServer(
  port: number,
  root: string,
  workspaces: string,
  child: ChildProcess,
  logFile: string,
  keepLogAs: string | undefined,
): ServerParts {
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  let finished = false;
  const keepLog = (): void => {
    if (!keepLogAs || !existsSync(logFile)) return;
    mkdirSync(dirname(keepLogAs), { recursive: true });
    copyFileSync(logFile, keepLogAs);
  };
  const killNow = (): void => {
    // Skipped once stop() has seen every process gone: their pids may belong to others by now.
    if (finished) return;
    finished = true;
    if (child.pid !== undefined) signalAll(processTree(child.pid), "SIGKILL");
    keepLog();
  };
  return {
    port,
    url,
    root,
    createWorkspace: (name: string) => copyWorkspace(name, workspaces),
    workbenchUrl: (folder: string, payload?: WorkbenchPayload) => workbenchUrl(url, folder, payload),
    remoteUri(path: string): string {
      return `vscode-remote://127.0.0.1:${port}${path}`;
    },
    async stop(): Promise<void> {
      if (stopping || child.pid === undefined) return;
      stopping = true;
      const pid = child.pid;
      // The extension host, file watcher and language servers are in code-server's process group
      // (it was spawned detached) and among its descendants: all are found, asked, then forced.
      signalAll(processTree(pid), "SIGTERM");
      const deadline = Date.now() + 5_000;
      while (processTree(pid).length > 0 && Date.now() < deadline) await sleep(100);
      signalAll(processTree(pid), "SIGKILL");
      while (processTree(pid).length > 0 && Date.now() < deadline + 5_000) await sleep(100);
      const survivors = processTree(pid);
      if (survivors.length > 0) throw new Error(`code-server :${port}: processes ${survivors.join(", ")} survived SIGKILL`);
      finished = true;
      keepLog();
    },
    killNow,
  };
}

/** Variables code-server would read as settings (PORT overrides bind-addr) or that belong to an outer VS Code. */
const inheritedButIgnored = /^(VSCODE_.*|ELECTRON_RUN_AS_NODE|PORT|PASSWORD|HASHED_PASSWORD|GITHUB_TOKEN|CS_.*)$/;

/** code-server's environment: XDG folders inside the throwaway root, nothing inherited from an outer VS Code. */
function serverEnv(dirs: Record<string, string>, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!inheritedButIgnored.test(key)) env[key] = value;
  }
  return {
    ...env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
    ...extra,
  };
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + healthTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before /healthz answered:\n${readLog(logFile)}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`code-server at ${url} did not answer /healthz within ${healthTimeoutMs / 1000} s:\n${readLog(logFile)}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function readLog(logFile: string): string {
  try {
    return readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
  } catch {
    return "(no log)";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
