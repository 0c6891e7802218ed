// Which files are model files: .ts/.mts/.js/.mjs (the runner's extensions) that import "backprop-lens".

/** Extensions a model file may have (as the runner accepts them). */
export const MODEL_FILE_EXTENSIONS: readonly string[] = [".ts", ".mts", ".js", ".mjs"];

/** Whether a path has a model file's extension (declaration files excluded). */
export function hasModelExtension(path: string): boolean {
  const lower = path.toLowerCase();
  if (/\.d\.m?ts$/.test(lower)) return false;
  return MODEL_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

// import … from "backprop-lens", import "backprop-lens", require("backprop-lens"), import("backprop-lens").
const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']backprop-lens["']/;

/** Whether a file's text imports "backprop-lens". */
export function importsBackpropLens(text: string): boolean {
  return IMPORT_RE.test(text);
}
