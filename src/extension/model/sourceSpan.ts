// Finding expressions in a model file's text without a parser: the call a source location points at
// (`new nn.Linear(4, 8)`), and the initializer of the declaration a name is defined by. Good enough for
// the code model files hold; strings and comments are skipped so their brackets do not count.

/** A half-open range of character offsets into a text. */
export interface Span {
  start: number;
  end: number;
}

/** 0-based offset of a 1-based line and column; clamped to the text. */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf("\n", offset);
  return Math.min(offset + Math.max(column - 1, 0), lineEnd < 0 ? text.length : lineEnd);
}

/** 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const isIdent = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);

/** Index just past a string, template or comment starting at i; i itself when none starts there. */
function skipLiteral(text: string, i: number): number {
  const c = text[i];
  if (c === "/" && text[i + 1] === "/") {
    const nl = text.indexOf("\n", i);
    return nl < 0 ? text.length : nl;
  }
  if (c === "/" && text[i + 1] === "*") {
    const close = text.indexOf("*/", i + 2);
    return close < 0 ? text.length : close + 2;
  }
  if (c === '"' || c === "'" || c === "`") {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === "\\") j++;
      else if (text[j] === c) return j + 1;
      else if (c !== "`" && text[j] === "\n") return j;
    }
    return text.length;
  }
  return i;
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Index just past the bracket matching the opener at i (or the text's end when unbalanced). */
function matchBracket(text: string, i: number): number {
  const stack: string[] = [];
  for (let j = i; j < text.length; ) {
    const skipped = skipLiteral(text, j);
    if (skipped !== j) {
      j = skipped;
      continue;
    }
    const c = text[j];
    if (OPEN[c]) stack.push(OPEN[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return j + 1;
    }
    j++;
  }
  return text.length;
}

/**
 * The call or construction starting at `offset`: `new nn.Linear(4, 8)`, `param(randn([3]))`, with its
 * balanced arguments (and a trailing `.method(...)` chain is not included). Null when no callee starts there.
 */
export function callSpanAt(text: string, offset: number): Span | null {
  let i = offset;
  const m = /^new\s+/.exec(text.slice(i, i + 16));
  if (m) i += m[0].length;
  const calleeStart = i;
  while (i < text.length && (isIdent(text[i]) || (text[i] === "." && isIdent(text[i + 1])))) i++;
  if (i === calleeStart) return null;
  let j = i;
  while (text[j] === " " || text[j] === "\t") j++;
  if (text[j] === "<") {
    const close = text.indexOf(">", j);
    if (close > 0 && !text.slice(j, close).includes("\n")) j = close + 1;
  }
  if (text[j] !== "(") return { start: offset, end: i };
  return { start: offset, end: matchBracket(text, j) };
}

/** The identifier at (or just before) `offset`. */
export function wordAt(text: string, offset: number): Span | null {
  let s = offset;
  while (s > 0 && isIdent(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && isIdent(text[e])) e++;
  return e > s ? { start: s, end: e } : null;
}

/**
 * The initializer of the declaration whose name starts at `nameOffset`: in `const model = new X(…);`
 * or `fc1 = new nn.Linear(2, 3);` the span of the right-hand side. Null for a name without one
 * (`fc1: nn.Linear;`, a function parameter).
 */
export function initializerSpan(text: string, nameOffset: number): Span | null {
  const name = wordAt(text, nameOffset);
  if (!name) return null;
  // Find the `=` of this declaration: before any `;`, `,`, `)` or line end at depth 0 (a type annotation may precede it).
  let i = name.end;
  let depth = 0;
  for (; i < text.length; i++) {
    const skipped = skipLiteral(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    const c = text[i];
    if (c === "(" || c === "[" || c === "{" || c === "<") depth++;
    else if (c === ")" || c === "]" || c === "}" || c === ">") {
      if (c === ">" && text[i - 1] === "=") continue;
      if (depth === 0) return null;
      depth--;
    } else if (depth === 0 && (c === ";" || c === "," || c === "\n")) return null;
    else if (depth === 0 && c === "=" && text[i + 1] !== "=" && text[i + 1] !== ">" && !"=!<>".includes(text[i - 1])) break;
  }
  if (i >= text.length) return null;
  return expressionSpan(text, i + 1);
}

/** The expression starting after `from` (whitespace skipped), up to `;`, `,` or an unmatched closer at depth 0. */
function expressionSpan(text: string, from: number): Span | null {
  let start = from;
  while (start < text.length && /\s/.test(text[start])) start++;
  let end = start;
  for (let i = start; i < text.length; ) {
    const skipped = skipLiteral(text, i);
    if (skipped !== i) {
      i = skipped;
      end = i;
      continue;
    }
    const c = text[i];
    if (OPEN[c]) {
      i = matchBracket(text, i);
      end = i;
      continue;
    }
    if (c === ";" || c === "," || c === ")" || c === "]" || c === "}") break;
    // A line break ends the expression unless the next line continues it (`.method()`, an operator).
    if (c === "\n") {
      const rest = /^\s*(\S)/.exec(text.slice(i));
      if (!rest || !".?:+-*/%&|".includes(rest[1])) break;
    }
    if (!/\s/.test(c)) end = i + 1;
    i++;
  }
  return end > start ? { start, end } : null;
}

/** Initializers of `this.<name> = …` assignments (fields declared without one and set in a constructor). */
export function thisAssignmentSpans(text: string, name: string): Span[] {
  const spans: Span[] = [];
  const re = new RegExp(`\\bthis\\.${name.replace(/\$/g, "\\$")}\\s*=(?![=>])`, "g");
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const span = expressionSpan(text, m.index + m[0].length);
    if (span) spans.push(span);
  }
  return spans;
}

/** Whether a span contains an offset (its end included: the cursor may rest just after a closing paren). */
export function spanContains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
