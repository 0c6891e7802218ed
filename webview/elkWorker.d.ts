// ELK's prebuilt worker script, imported as text (esbuild: `with { type: "text" }`).
declare module "elkjs/lib/elk-worker.min.js" {
  const source: string;
  export = source;
}
