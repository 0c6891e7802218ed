import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { STARTER_MODEL } from "../../src/extension/model/starterModel";
import { API_MODULE, createPlugin } from "../../src/tsPlugin/plugin";
import { createHost, diagnosticsOf, emitApiDeclarations, type ResolutionApi, TYPES_DIR, VIRTUAL } from "./languageService";

// The plugin inside a real TypeScript LanguageService, on model files in a folder where nothing else can
// resolve "backprop-lens", with the declarations tsconfig.types.json emits (as the build does).

const WORKSPACE = `${VIRTUAL}/workspace`;
const API_TYPES = `${TYPES_DIR}/api.d.ts`;
const examplesDir = fileURLToPath(new URL("../../examples/", import.meta.url));
const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true };
const registry = ts.createDocumentRegistry();

let declarations: Map<string, string>;
beforeAll(() => {
  declarations = emitApiDeclarations();
}, 120_000);

interface Setup {
  files: Record<string, string>;
  plugin?: boolean;
  typesEntry?: string;
  compilerOptions?: ts.CompilerOptions;
  api?: ResolutionApi;
}

/** A language service over the declarations and `files` (names relative to WORKSPACE), with or without the plugin. */
function languageService({ files, plugin = true, typesEntry = API_TYPES, compilerOptions = options, api }: Setup): ts.LanguageService {
  const all = new Map(declarations);
  const roots = Object.entries(files).map(([name, text]) => {
    all.set(`${WORKSPACE}/${name}`, text);
    return `${WORKSPACE}/${name}`;
  });
  const host = createHost(all, roots, compilerOptions, api);
  const service = ts.createLanguageService(host, registry);
  return plugin ? createPlugin(typesEntry)({ typescript: ts }).create({ languageService: service, languageServiceHost: host }) : service;
}

const MODEL = `import { nn, randn } from "backprop-lens";
const model = new nn.Linear(4, 8);
export const out = model.forward(randn([2, 4]));
`;

/** The offset of the middle of the first `word` after `after` in `text`. */
function offsetOf(text: string, word: string, after = ""): number {
  const at = text.indexOf(word, text.indexOf(after) + after.length);
  if (at < 0) throw new Error(`"${word}" is not in the text`);
  return at + Math.floor(word.length / 2);
}

describe("the TypeScript server plugin", () => {
  test("without it, the import of backprop-lens is ts(2307) in this folder (the case the plugin fixes)", () => {
    const service = languageService({ files: { "model.ts": MODEL }, plugin: false });
    expect(diagnosticsOf(service, `${WORKSPACE}/model.ts`)).toEqual([expect.stringMatching(/^TS2307: Cannot find module 'backprop-lens'/)]);
  });

  test("with it, the starter model of New Example Model and every example model have no diagnostics", () => {
    const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".ts"));
    expect(examples.length).toBeGreaterThan(5);
    const files: Record<string, string> = { "backprop-model.ts": STARTER_MODEL };
    for (const name of examples) files[`examples/${name}`] = readFileSync(`${examplesDir}${name}`, "utf8");
    const service = languageService({ files });
    for (const name of Object.keys(files)) expect([name, diagnosticsOf(service, `${WORKSPACE}/${name}`)]).toEqual([name, []]);
  });

  test("nn.Linear resolves to the class in the shipped declarations, with its constructor's types in the hover", () => {
    const service = languageService({ files: { "model.ts": MODEL } });
    const file = `${WORKSPACE}/model.ts`;
    const at = offsetOf(MODEL, "Linear");
    const definitions = service.getDefinitionAtPosition(file, at) ?? [];
    expect(definitions.map((d) => d.fileName)).toEqual(definitions.map(() => `${TYPES_DIR}/engine/nn/linear.d.ts`));
    expect(definitions.map((d) => [d.kind, d.name])).toContainEqual(["class", "Linear"]);
    const hover = ts.displayPartsToString(service.getQuickInfoAtPosition(file, at)?.displayParts);
    expect(hover).toMatch(/new Linear\(inFeatures: number, outFeatures: number\b.*\): nn\.Linear/);
    expect(service.getQuickInfoAtPosition(file, offsetOf(MODEL, "out"))?.displayParts?.map((p) => p.text).join("")).toBe("const out: Tensor");
  });

  test("completions after `nn.` list the layers", () => {
    const text = `import { nn } from "backprop-lens";\nnn.`;
    const service = languageService({ files: { "model.ts": text } });
    const names = service.getCompletionsAtPosition(`${WORKSPACE}/model.ts`, text.length, undefined)?.entries.map((e) => e.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(["Linear", "Sequential", "Tanh", "functional"]));
  });

  test("types reach a JavaScript model file: a wrong type is reported, the import is not", () => {
    const text = `import { randn } from "backprop-lens";\n/** @type {string} */\nexport const wrong = randn([2]);\n`;
    const service = languageService({ files: { "model.js": text }, compilerOptions: { ...options, allowJs: true, checkJs: true } });
    expect(diagnosticsOf(service, `${WORKSPACE}/model.js`)).toEqual(["TS2322: Type 'Tensor' is not assignable to type 'string'."]);
  });

  test("it works the same through 4.x-era resolveModuleNames", () => {
    const service = languageService({ files: { "model.ts": MODEL }, api: "names" });
    expect(diagnosticsOf(service, `${WORKSPACE}/model.ts`)).toEqual([]);
    const definitions = service.getDefinitionAtPosition(`${WORKSPACE}/model.ts`, offsetOf(MODEL, "Linear")) ?? [];
    expect(definitions.map((d) => d.fileName)).toContain(`${TYPES_DIR}/engine/nn/linear.d.ts`);
  });

  test("other modules are left alone: an unknown package is still ts(2307), relative imports resolve as before", () => {
    const text = `import { nn } from "backprop-lens";\nimport { helper } from "./helper";\nimport { thing } from "not-a-package";\nexport const x = [nn, helper, thing];\n`;
    const service = languageService({ files: { "model.ts": text, "helper.ts": "export const helper = 1;\n" } });
    expect(diagnosticsOf(service, `${WORKSPACE}/model.ts`)).toEqual([expect.stringMatching(/^TS2307: Cannot find module 'not-a-package'/)]);
  });

  test("a workspace's own backprop-lens (here a tsconfig paths mapping) wins over the shipped declarations", () => {
    const local = "export const nn = { Linear: class LocalLinear {} };\n";
    const compilerOptions = { ...options, baseUrl: WORKSPACE, paths: { [API_MODULE]: ["local-api.ts"] } };
    const service = languageService({ files: { "model.ts": MODEL.replace(/\nexport.*\n$/, "\n"), "local-api.ts": local }, compilerOptions });
    const definitions = service.getDefinitionAtPosition(`${WORKSPACE}/model.ts`, offsetOf(MODEL, "Linear")) ?? [];
    expect(definitions.map((d) => d.fileName)).toEqual([`${WORKSPACE}/local-api.ts`]);
  });

  test("when the declarations are missing, the import stays unresolved rather than pointing at nothing", () => {
    const service = languageService({ files: { "model.ts": MODEL }, typesEntry: `${VIRTUAL}/nowhere/api.d.ts` });
    expect(diagnosticsOf(service, `${WORKSPACE}/model.ts`)).toEqual([expect.stringMatching(/^TS2307: Cannot find module 'backprop-lens'/)]);
  });

  test("a Windows path to the declarations (backslashes) resolves like a POSIX one", () => {
    const service = languageService({ files: { "model.ts": MODEL }, typesEntry: API_TYPES.replace(/\//g, "\\") });
    expect(diagnosticsOf(service, `${WORKSPACE}/model.ts`)).toEqual([]);
  });

  test("the plugin hands tsserver back the same language service: it only changes how the host resolves", () => {
    const all = new Map(declarations).set(`${WORKSPACE}/model.ts`, MODEL);
    const host = createHost(all, [`${WORKSPACE}/model.ts`], options);
    const service = ts.createLanguageService(host, registry);
    expect(createPlugin(API_TYPES)({ typescript: ts }).create({ languageService: service, languageServiceHost: host })).toBe(service);
    expect(diagnosticsOf(service, `${WORKSPACE}/model.ts`)).toEqual([]);
  });
});
