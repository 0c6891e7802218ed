// A real TypeScript LanguageService over in-memory files, resolving modules the way tsserver's projects do
// (through the host's resolveModuleNameLiterals, or the 4.x-era resolveModuleNames), for the plugin's tests.
// Files not held in memory come from disk (TypeScript's lib files).
import { fileURLToPath } from "node:url";
import * as ts from "typescript";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/** A folder that exists only in memory: nothing on disk around it can resolve "backprop-lens". */
export const VIRTUAL = "/virtual-backprop-lens-test";

/** Where the in-memory declarations go, as out/types does in the installed extension. */
export const TYPES_DIR = `${VIRTUAL}/extension/out/types`;

/**
 * Emits the API's declarations with the project's tsconfig.types.json, into memory under TYPES_DIR
 * (what `npm run build` writes to out/types). Fails on declaration-emit errors.
 */
export function emitApiDeclarations(): Map<string, string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(`${repo}tsconfig.types.json`, { outDir: TYPES_DIR }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error("tsconfig.types.json could not be read");
  const files = new Map<string, string>();
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const result = program.emit(undefined, (fileName, text) => files.set(fileName, text), undefined, true);
  const errors = result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (result.emitSkipped || errors.length > 0) throw new Error(`declaration emit failed:\n${errors.join("\n")}`);
  return files;
}

// NOTE: language services may share a DocumentRegistry, which caches files by name and version: the
// version is the file's text (numbered), so a file of the same name with other text is parsed afresh.
const textVersions = new Map<string, string>();
const versionOf = (text: string | undefined): string => {
  const key = text ?? "";
  if (!textVersions.has(key)) textVersions.set(key, String(textVersions.size + 1));
  return textVersions.get(key)!;
};

/** How the host resolves modules: TypeScript 5's resolveModuleNameLiterals or 4.x's resolveModuleNames. */
export type ResolutionApi = "literals" | "names";

/** A language service host over `files` (absolute path -> text) whose script files are `roots`. */
export function createHost(
  files: ReadonlyMap<string, string>,
  roots: readonly string[],
  options: ts.CompilerOptions,
  api: ResolutionApi = "literals",
): ts.LanguageServiceHost {
  const readFile = (f: string): string | undefined => files.get(f) ?? ts.sys.readFile(f);
  const fileExists = (f: string): boolean => files.has(f) || ts.sys.fileExists(f);
  const directoryExists = (d: string): boolean => [...files.keys()].some((f) => f.startsWith(`${d}/`)) || ts.sys.directoryExists(d);
  const moduleHost: ts.ModuleResolutionHost = { fileExists, readFile, directoryExists, getCurrentDirectory: () => VIRTUAL };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [...roots],
    getScriptVersion: (f) => versionOf(readFile(f)),
    getScriptSnapshot: (f) => {
      const text = readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => VIRTUAL,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists,
    readFile,
    directoryExists,
    getDirectories: (d) => (ts.sys.directoryExists(d) ? ts.sys.getDirectories(d) : []),
  };
  if (api === "literals") {
    host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, sourceFile) =>
      literals.map((literal) =>
        ts.resolveModuleName(literal.text, containingFile, opts, moduleHost, undefined, redirected, ts.getModeForUsageLocation(sourceFile, literal, opts)),
      );
  } else {
    host.resolveModuleNames = (names, containingFile, _reused, redirected, opts) =>
      names.map((name) => ts.resolveModuleName(name, containingFile, opts, moduleHost, undefined, redirected).resolvedModule);
  }
  return host;
}

/** Every syntactic and semantic diagnostic of `file`, as "TS2307: message" lines. */
export function diagnosticsOf(service: ts.LanguageService, file: string): string[] {
  return [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map(
    (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
  );
}
