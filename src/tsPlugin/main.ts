// The bundle tsserver runs (out/tsPlugin.js, reached through node_modules/backprop-lens-ts-plugin, see
// packages/ts-plugin): the plugin pointed at the declarations the build writes beside it (out/types).
import { join } from "node:path";
import type * as ts from "typescript";
import { createPlugin } from "./plugin";

/** The plugin factory; the backprop-lens-ts-plugin package hands it to tsserver as its module.exports. */
export const init: ts.server.PluginModuleFactory = createPlugin(join(__dirname, "types", "api.d.ts"));
