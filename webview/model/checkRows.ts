// Rows of the gradient-check table and their sort orders.
import type { CheckElement, CheckResult, CheckStatus, CheckSummary, SourceLoc, SuspectOp, TraceResult } from "../../src/protocol";
import { jsonNum, plural } from "./format";

/** One row: a parameter's check, with what the table links to. */
export interface CheckRow {
  param: string;
  shape: number[];
  status: CheckStatus;
  mode: CheckResult["mode"];
  elementsChecked: number;
  elementsTotal: number;
  failures: number;
  kinks: number;
  maxRelError: number;
  maxAbsError: number;
  directional: CheckElement;
  worst: CheckElement[];
  nodeId: number | null;
  loc: SourceLoc | null;
  suspect: SuspectOp | null;
}

/** Columns the table sorts by. */
export type CheckSortKey = "status" | "param" | "maxRelError" | "maxAbsError" | "checked" | "kinks";

/** Sort direction. */
export type SortDir = "asc" | "desc";

const STATUS_RANK: Record<CheckStatus, number> = { fail: 0, kink: 1, pass: 2 };

/** Rows in trace order. */
export function checkRows(result: TraceResult): CheckRow[] {
  const params = new Map(result.parameters.map((p) => [p.name, p]));
  return result.checks.map((c) => {
    const p = params.get(c.param);
    return {
      param: c.param,
      shape: p?.shape ?? [],
      status: c.status,
      mode: c.mode,
      elementsChecked: c.elementsChecked,
      elementsTotal: c.elementsTotal,
      failures: c.failures,
      kinks: c.kinks,
      maxRelError: jsonNum(c.maxRelError),
      maxAbsError: jsonNum(c.maxAbsError),
      directional: c.directional,
      worst: c.worst,
      nodeId: p?.nodeId ?? null,
      loc: p?.loc ?? null,
      suspect: c.suspect ?? null,
    };
  });
}

/** Rows sorted by a column; ties keep trace order. NaN errors sort as the largest. */
export function sortRows(rows: readonly CheckRow[], key: CheckSortKey, dir: SortDir): CheckRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const num = (v: number): number => (Number.isNaN(v) ? Infinity : v);
  const cmp = (a: CheckRow, b: CheckRow): number => {
    switch (key) {
      case "status":
        return STATUS_RANK[a.status] - STATUS_RANK[b.status];
      case "param":
        return a.param.localeCompare(b.param, "en", { numeric: true });
      case "maxRelError":
        return num(a.maxRelError) - num(b.maxRelError);
      case "maxAbsError":
        return num(a.maxAbsError) - num(b.maxAbsError);
      case "checked":
        return a.elementsChecked / Math.max(1, a.elementsTotal) - b.elementsChecked / Math.max(1, b.elementsTotal);
      case "kinks":
        return a.kinks - b.kinks;
    }
  };
  return rows.map((r, i) => ({ r, i })).sort((x, y) => sign * cmp(x.r, y.r) || x.i - y.i).map((x) => x.r);
}

/** The header badge of the checks: "1 check failed", "4 checks passed", "3 checks passed, 1 kink". */
export function checksBadgeText(s: CheckSummary): string {
  if (s.failed > 0) return `${plural(s.failed, "check")} failed`;
  return `${plural(s.passed, "check")} passed${s.kinks > 0 ? `, ${plural(s.kinks, "kink")}` : ""}`;
}
