// The TypeScript server plugin that gives model files their types in the editor: `import … from
// "backprop-lens"` resolves to the API's declarations shipped with the extension (out/types/api.d.ts),
// so there is no ts(2307) and the API has completions and hovers, with nothing for the user to install.
// It only answers for "backprop-lens", and only when TypeScript's own resolution found nothing: a
// workspace that maps or installs the package itself (our repository does, with tsconfig `paths`) keeps its own.
import type * as ts from "typescript";

/** The module name model files import the API from. */
export const API_MODULE = "backprop-lens";

/** The part of tsserver's PluginCreateInfo the plugin uses. */
export type PluginInfo = Pick<ts.server.PluginCreateInfo, "languageService" | "languageServiceHost">;

/** tsserver's plugin factory type, narrowed to what this plugin reads (so it is a ts.server.PluginModuleFactory). */
export type ApiTypesPluginFactory = (modules: { typescript: typeof ts }) => { create(info: PluginInfo): ts.LanguageService };

/** tsserver's plugin factory, resolving API_MODULE to `typesEntry` (the absolute path of api.d.ts). */
export function createPlugin(typesEntry: string): ApiTypesPluginFactory {
  return ({ typescript }) => ({ create: (info) => withApiTypes(typescript, info, typesEntry) });
}

/**
 * Wraps the host's module resolution so that an unresolved API_MODULE import resolves to `typesEntry`,
 * and returns the (unchanged) language service. `typescript` is the running TypeScript, which may be a
 * workspace's own version: TypeScript 5 resolves through resolveModuleNameLiterals, 4.x through
 * resolveModuleNames; a host with neither is left alone.
 */
function withApiTypes(typescript: typeof ts, info: PluginInfo, typesEntry: string): ts.LanguageService {
  const host = info.languageServiceHost;
  // NOTE: TypeScript compares resolved file names with "/" separators, also on Windows.
  const fileName = typesEntry.replace(/\\/g, "/");
  const apiModule = (): ts.ResolvedModuleFull | undefined =>
    host.fileExists(fileName) ? { resolvedFileName: fileName, extension: typescript.Extension.Dts, isExternalLibraryImport: true } : undefined;

  const resolveLiterals = host.resolveModuleNameLiterals?.bind(host);
  const resolveNames = host.resolveModuleNames?.bind(host);
  if (resolveLiterals) {
    host.resolveModuleNameLiterals = (literals, ...rest) =>
      resolveLiterals(literals, ...rest).map((resolution, i) => {
        if (resolution.resolvedModule || literals[i]!.text !== API_MODULE) return resolution;
        const resolvedModule = apiModule();
        return resolvedModule ? { resolvedModule } : resolution;
      });
  } else if (resolveNames) {
    host.resolveModuleNames = (names, ...rest) =>
      resolveNames(names, ...rest).map((resolved, i) => resolved ?? (names[i] === API_MODULE ? apiModule() : undefined));
  }
  return info.languageService;
}
