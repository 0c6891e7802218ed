import { describe, expect, it } from "vitest";
import { REPORT_DATA_ID, inlineJson, inlineScript, renderReportHtml } from "../../src/report/renderReportHtml";
import { inlineFont } from "../../src/report/reportAssets";
import { renderWebviewHtml } from "../../src/report/webviewHtml";
import { lectureNetTrace } from "../webview/fixtures";

const assets = { script: 'console.log("</script><!-- x");\n//# sourceMappingURL=webview.js.map', styles: ["body { color: red; }"] };

describe("renderReportHtml", () => {
  const result = lectureNetTrace();
  const html = renderReportHtml(result, assets, { file: "/w/<model>.ts", generatedAt: "2025-01-01", nonce: "abc123" });

  it("sets a strict Content-Security-Policy: nothing remote, script and styles by nonce, the worker from blob:", () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
    expect(csp).toBe("default-src 'none'; script-src 'nonce-abc123'; style-src 'nonce-abc123'; font-src data:; img-src data:; worker-src blob:");
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html.match(/<script nonce="abc123">/g)).toHaveLength(1);
    expect(html).toContain('<style nonce="abc123">');
  });

  it("inlines the trace so that it parses back unchanged", () => {
    const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">(.*?)</script>`, "s").exec(html)!;
    expect(JSON.parse(m[1])).toEqual({ file: "/w/<model>.ts", generatedAt: "2025-01-01", result: JSON.parse(JSON.stringify(result)) });
  });

  it("cannot be broken out of by text inside the trace or the bundle", () => {
    expect(inlineJson({ label: "</script><script>alert(1)</script>" })).not.toContain("<");
    expect(inlineScript(assets.script)).not.toMatch(/<\/script|<!--|sourceMappingURL/i);
    expect(html).toContain("<title>Backprop Lens — &lt;model&gt;.ts</title>");
    // Exactly the two script elements we wrote.
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it("makes a fresh nonce when none is given", () => {
    const a = /nonce-([A-Za-z0-9]+)/.exec(renderReportHtml(result, assets, { file: "m.ts" }))![1];
    const b = /nonce-([A-Za-z0-9]+)/.exec(renderReportHtml(result, assets, { file: "m.ts" }))![1];
    expect(a.length).toBeGreaterThanOrEqual(16);
    expect(a).not.toBe(b);
  });
});

describe("report assets", () => {
  it("points the codicon font at a data: URL", () => {
    const css = '@font-face { src: url("./codicon.ttf?721d4c") format("truetype"); }';
    expect(inlineFont(css, Buffer.from("font"))).toBe('@font-face { src: url("data:font/ttf;base64,Zm9udA==") format("truetype"); }');
  });
});

describe("renderWebviewHtml", () => {
  it("loads only the extension's files, the script by nonce", () => {
    const html = renderWebviewHtml({ script: "https://file+.vscode-resource/ext/out/webview.js", panelCss: "https://x/media/webview.css", codiconCss: "https://x/media/codicons/codicon.css" }, "https://x", "n0nce");
    expect(html).toContain("default-src 'none'; script-src 'nonce-n0nce'; style-src https://x; font-src https://x; img-src https://x data:; worker-src blob:");
    expect(html).toContain('<script nonce="n0nce" src="https://file+.vscode-resource/ext/out/webview.js"></script>');
    expect(html).not.toContain("unsafe");
  });
});
