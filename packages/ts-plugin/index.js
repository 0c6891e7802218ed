// tsserver loads a plugin by package name from the extension's node_modules and calls module.exports
// as its factory. The build (esbuild.config.mjs) copies this folder to node_modules/backprop-lens-ts-plugin
// and bundles the plugin itself from src/tsPlugin into out/tsPlugin.js: "../../out" from there is the
// extension's out/, in the repository and in the installed .vsix alike.
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module, loaded by tsserver with require()
module.exports = require("../../out/tsPlugin.js").init;
