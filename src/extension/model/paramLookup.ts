// Which parameters a place in a model file is about: a creation call (`new nn.Linear(4, 8)` made that
// layer's weight and bias) or a declaration whose initializer created parameters.
import type { ParameterInfo, TraceResult } from "../../protocol";
import { type Span, callSpanAt, initializerSpan, offsetAt, spanContains, thisAssignmentSpans, wordAt } from "./sourceSpan";

/** Parameters created in `file`, each with the offset of its creation site in `text`. */
function paramsIn(result: TraceResult, file: string, text: string): { param: ParameterInfo; offset: number }[] {
  return result.parameters.filter((p) => p.loc?.file === file).map((p) => ({ param: p, offset: offsetAt(text, p.loc!.line, p.loc!.column) }));
}

/**
 * Parameters whose creation call contains `offset` (the innermost call when calls nest: hovering
 * `new nn.Linear(4, 8)` inside `new nn.Sequential(…)` gives that Linear's weight and bias).
 */
export function paramsAtCreation(result: TraceResult, file: string, text: string, offset: number): ParameterInfo[] {
  let best: { span: Span; params: ParameterInfo[] } | null = null;
  const bySite = new Map<number, ParameterInfo[]>();
  for (const { param, offset: site } of paramsIn(result, file, text)) bySite.set(site, [...(bySite.get(site) ?? []), param]);
  for (const [site, params] of bySite) {
    const span = callSpanAt(text, site);
    if (!span || !spanContains(span, offset)) continue;
    if (!best || span.end - span.start < best.span.end - best.span.start) best = { span, params };
  }
  return best?.params ?? [];
}

/**
 * Parameters created by the initializer of the declaration whose name is at `nameOffset` (the place
 * a definition provider points to), or by `this.<name> = …` assignments when the declaration has none.
 */
export function paramsOfDeclaration(result: TraceResult, file: string, text: string, nameOffset: number): ParameterInfo[] {
  const word = wordAt(text, nameOffset);
  if (!word) return [];
  const init = initializerSpan(text, word.start);
  const spans = init ? [init] : thisAssignmentSpans(text, text.slice(word.start, word.end));
  if (spans.length === 0) return [];
  return paramsIn(result, file, text)
    .filter(({ offset }) => spans.some((s) => offset >= s.start && offset < s.end))
    .map(({ param }) => param);
}
