// Finds the variable a value was assigned to, from the user's source text and the call's location:
// `const w1 = param(0.5)` names a free parameter "w1"; `const h = x.mul(w)` labels that op's node "h".
// A light text scan, not a parser: it answers null whenever the line is not a plain assignment.
import type { SourceLoc } from "../protocol";

const IDENT = String.raw`[A-Za-z_$][\w$]*`;
// `NAME =` or `NAME: Type =` (not `==`, `=>`, or a property `a.NAME =`), then the start of the expression.
const ASSIGN = new RegExp(String.raw`(?:^|[^\w$.])(${IDENT})\s*(?::[^=;]*?)?=(?![=>])([^=]*)$`);
// `NAME: ` as an object-literal property.
const PROPERTY = new RegExp(String.raw`(?:^|[{,]\s*)(${IDENT})\s*:\s*([^:,{}=]*)$`);

/** Source text split into lines, for repeated lookups. */
export class SourceText {
  private readonly lines: string[];

  /** `file`, when given, is the only file whose locations this text answers for. */
  constructor(
    text: string,
    private readonly file?: string,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  /**
   * The variable (or object property) that the call at `loc` is assigned to, when the call is the
   * whole right-hand side: `const a = x.mul(y);` gives "a" at the `mul` column, but
   * `const a = x.mul(y).add(1)` gives "a" only at the `add` column.
   */
  assignedName(loc: SourceLoc | null): string | null {
    if (loc === null || (this.file !== undefined && loc.file !== this.file)) return null;
    const line = this.lines[loc.line - 1];
    if (line === undefined) return null;
    const col = loc.column - 1;
    const prefix = line.slice(0, col);
    const m = [ASSIGN.exec(prefix), PROPERTY.exec(prefix)].find((r) => r !== null && balanced(r[2]));
    if (m === undefined || m === null) return null;
    return endsExpression(line, col) ? m[1] : null;
  }
}

/** True if the text between `=` and the call opens no parenthesis it does not close (so the call is not an argument). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** True if the call starting at `col` (callee, then its argument list) ends the expression on this line. */
function endsExpression(line: string, col: number): boolean {
  const open = line.indexOf("(", col);
  if (open < 0) return false;
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < line.length; i++) {
    const ch = line[i];
    if (quote !== null) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return /^\s*(?:[;,})\]]|\/\/|\/\*|$)/.test(line.slice(i + 1));
    }
  }
  // NOTE: the call continues on the next lines; accept, since it started as a whole right-hand side.
  return true;
}

/** Makes names unique: the second "w" becomes "w#2". */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  });
}
