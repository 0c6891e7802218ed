// The trace result: the one JSON contract between the tracer (src/trace), the CLI, the extension host
// and the webview. Plain JSON only: no typed arrays, no NaN or Infinity.
//
// NOTE on non-finite numbers. JSON cannot hold NaN or ±Infinity, so the result uses two rules:
//  - Summary statistics (TensorStats) are computed over the finite elements only; a field is null when
//    no finite element exists, and `nan` / `inf` count the others.
//  - A single value that may itself be non-finite (the loss, a checked gradient element, a raw value
//    array entry) has type JsonNumber: a number, or one of the strings "NaN", "Infinity", "-Infinity"
//    (the convention of the PyTorch reference files; `Number(v)` decodes all of them).
// Norms and ratios that overflow are null.

/** A number, or the text of a non-finite one ("NaN", "Infinity", "-Infinity"); decode with Number(v). */
export type JsonNumber = number | NonFiniteText;

/** How a non-finite number is written. */
export type NonFiniteText = "NaN" | "Infinity" | "-Infinity";

/** A place in the user's model file: 1-based line and column, after source maps (never inside the engine). */
export interface SourceLoc {
  file: string;
  line: number;
  column: number;
}

/**
 * Histogram of log10|x| over the nonzero finite elements, on fixed bins: one per decade from 10^-20 to
 * 10^10. Only the bins from the first to the last nonempty one are stored (none: lo = hi = 0).
 */
export interface Log10Histogram {
  /** Exponent of the first stored bin's lower edge: counts[k] holds 10^(lo+k) ≤ |x| < 10^(lo+k+1). */
  lo: number;
  /** Exponent of the last stored bin's upper edge (counts.length = hi − lo). */
  hi: number;
  /** One count per decade, lo first. */
  counts: number[];
  /** Nonzero finite elements below 10^-20. */
  under: number;
  /** Finite elements at or above 10^10. */
  over: number;
}

/** Summary of a tensor's values (or gradient): one pass, finite elements only (see the NaN note above). */
export interface TensorStats {
  numel: number;
  /** L2 norm of the finite elements (null if it overflows). */
  norm: number | null;
  mean: number | null;
  /** Population standard deviation (divides by n). */
  std: number | null;
  min: number | null;
  max: number | null;
  /** Fraction of all elements that are exactly 0. */
  zeroFraction: number;
  nan: number;
  /** Count of +Infinity and −Infinity elements. */
  inf: number;
  /** Present on gradient summaries. */
  hist?: Log10Histogram;
}

/** What a graph node is. "constant" is a 0-d value the engine made from a plain number. */
export type NodeKind = "op" | "param" | "input" | "constant";

/** One node of the computation graph: an op output or a leaf the ops read. */
export interface GraphNode {
  /** Capture order; equals the index in graph.nodes unless the graph was truncated. */
  id: number;
  /** Op name ("matmul", a custom op's name), or "leaf" for leaves. */
  op: string;
  kind: NodeKind;
  /** Parameter name, or the variable the user assigned the value to when it can be found. */
  label?: string;
  shape: number[];
  dtype: "float64" | "int64" | "bool";
  /** Dotted module path of the innermost module whose forward produced it ("" = the model itself); null outside any module. */
  module: string | null;
  /** Where in the user's file the op was called or the leaf created. */
  loc: SourceLoc | null;
  /** Op attributes that are plain JSON (exponent, dims, …). */
  attrs?: Record<string, unknown>;
  /** True for ops made with customOp (user-written backward). */
  custom?: true;
  value: TensorStats;
  /** dL/d(node); null where no gradient flows. */
  grad: TensorStats | null;
  /** Raw values (row-major), only with options.includeValues and numel ≤ options.valueSizeCap. */
  values?: JsonNumber[];
  gradValues?: JsonNumber[];
}

/** An edge: node `from` is input number `input` of op node `to`. */
export interface GraphEdge {
  from: number;
  to: number;
  input: number;
}

/** The computation graph of the loss. */
export interface TraceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node id of the loss. */
  root: number;
  /** True if nodes beyond options.maxGraphNodes were left out (their edges too). */
  truncated: boolean;
  /** Nodes captured, including any left out. */
  totalNodes: number;
  /** Class name of each module by path ("" = the model), e.g. { "": "Sequential", "0": "Linear" }. */
  modules?: Record<string, string>;
}

/** A trainable tensor: a module parameter or a free param(). */
export interface ParameterInfo {
  /** namedParameters path (`layers.0.weight`) or the free param's variable name (else `param<k>`). */
  name: string;
  shape: number[];
  numel: number;
  /** Where it was created. */
  loc: SourceLoc | null;
  /** Path of the module that owns it; null for free params. */
  module: string | null;
  /** Its node in the graph, if the loss uses it. */
  nodeId: number | null;
  value: TensorStats;
  grad: TensorStats | null;
  gradNorm: number | null;
  valueNorm: number | null;
  /** ‖g‖ / ‖w‖ (null when ‖w‖ = 0). */
  gradToValueRatio: number | null;
  /** ‖Δw‖ / ‖w‖ over the first optimizer step; null when no optimizer ran. */
  updateRatio: number | null;
  values?: JsonNumber[];
  gradValues?: JsonNumber[];
}

/** A layer verdict. */
export type LayerFlag = "vanishing" | "exploding" | "dead-relu" | "saturated" | "nan";

/** Activation whose statistics a layer reports. */
export type ActivationKind = "relu" | "tanh" | "sigmoid";

/** A layer: a module with parameters, or an activation module; in depth (execution) order. */
export interface LayerInfo {
  /** Module path. */
  name: string;
  /** Module class name. */
  kind: string;
  role: "params" | "activation";
  /** Position in depth order, 0 = nearest the input. */
  depth: number;
  /** Names of the module's own parameters. */
  params: string[];
  /** ‖g‖ over the module's own parameters; null for activation layers. */
  paramGradNorm: number | null;
  /** ‖dL/d(output)‖ over the layer's outputs (all calls); null if none reached it. */
  outGradNorm: number | null;
  /** The activation measured: the layer's own (activation modules) or the one applied right after it. */
  activation: ActivationKind | null;
  /** Fraction of units zero for every example (relu only). */
  deadFraction: number | null;
  /** Fraction of activations saturated (|tanh| > limit; sigmoid outside [low, high]). */
  saturatedFraction: number | null;
  /** ‖Δw‖/‖w‖ over the first optimizer step; null when no optimizer ran. */
  updateRatio: number | null;
  flags: LayerFlag[];
  /** One sentence per flag, saying which threshold it crossed. */
  reasons: string[];
  /** First parameter's creation place (param layers) or the output op's call site. */
  loc: SourceLoc | null;
  /** Graph nodes holding the layer's outputs. */
  outputNodes: number[];
}

/** Gradient check modes: off; fast = directional only; sample = directional + sampled elements; full = every element. */
export type CheckMode = "off" | "fast" | "sample" | "full";

/** Outcome of a check: a step that crossed a relu/abs/max/clamp switch point is a "kink", not a failure. */
export type CheckStatus = "pass" | "fail" | "kink";

/** An op named by a check: where a step crossed a kink, or whose backward disagrees with finite differences. */
export interface OpRef {
  op: string;
  nodeId: number | null;
  module: string | null;
  loc: SourceLoc | null;
  custom: boolean;
}

/** One compared quantity: an element dL/dθ[i], or the directional derivative ∇L·v. */
export interface CheckElement {
  /** Flat row-major index (-1 for the directional check). */
  index: number;
  /** Multi-index of the element ([] for the directional check). */
  position: number[];
  analytic: JsonNumber;
  numeric: JsonNumber;
  absError: JsonNumber;
  /** |a − n| / max(|a|, |n|) (0 when both are 0). */
  relError: JsonNumber;
  status: CheckStatus;
  /** The op whose switch point the step crossed (status "kink"). */
  kinkOp?: OpRef;
}

/** The op a failing gradient is blamed on, and the evidence. */
export interface SuspectOp extends OpRef {
  /** e.g. "dL/d(output) matches finite differences but dL/d(input 0) does not". */
  evidence: string;
}

/** Finite-difference check of one parameter. */
export interface CheckResult {
  param: string;
  mode: Exclude<CheckMode, "off">;
  /** fail if any compared quantity failed; else kink if any crossed a kink; else pass. */
  status: CheckStatus;
  directional: CheckElement;
  elementsChecked: number;
  elementsTotal: number;
  failures: number;
  kinks: number;
  maxAbsError: JsonNumber;
  maxRelError: JsonNumber;
  /** The worst compared elements (directional excluded), worst first. */
  worst: CheckElement[];
  /** On failure: the op whose backward is wrong, when it could be found. */
  suspect?: SuspectOp;
}

/** Totals over all checks. */
export interface CheckSummary {
  mode: CheckMode;
  passed: number;
  failed: number;
  kinks: number;
  /** Forward evaluations of the loss the checks used. */
  evaluations: number;
  /** Ops blamed for failures (usually one custom op). */
  suspects: SuspectOp[];
}

/** The first op that produced a NaN or Inf, in the forward pass or in backward. */
export interface Anomaly {
  phase: "forward" | "backward";
  op: string;
  nodeId: number;
  module: string | null;
  loc: SourceLoc | null;
  custom: boolean;
  nan: number;
  inf: number;
  /** Backward: which input of the op received the non-finite gradient. */
  input?: number;
  message: string;
}

/** One training step (optimizer.step()) of the recorded history. */
export interface HistoryStep {
  /** 1-based. */
  step: number;
  /** Loss before this step's update. */
  loss: JsonNumber;
  /** ‖g‖ per parameter, in result.parameters order. */
  paramGradNorms: (number | null)[];
  /** ‖Δw‖/‖w‖ per parameter, in result.parameters order. */
  paramUpdateRatios: (number | null)[];
  /** Parameter-gradient norm per layer, in result.layers order (null for activation layers). */
  layerGradNorms: (number | null)[];
  /** ‖Δw‖/‖w‖ per layer, in result.layers order (null for activation layers). */
  layerUpdateRatios: (number | null)[];
}

/**
 * Thresholds of the layer verdicts (all in one place; every one configurable). A layer is judged by
 * ‖dL/dW‖ (parameter layers) or ‖dL/d(output)‖ (activation layers), against layers of the same role
 * from it to the loss (itself and those after it in depth order: gradients flow back from the loss).
 */
export interface VerdictThresholds {
  /** vanishing: gradient norm below this × the largest of the layers from it to the loss. @default 1e-3 */
  vanishingRelative: number;
  /** vanishing: gradient norm below this, whatever the other layers do. @default 1e-7 */
  vanishingAbsolute: number;
  /** exploding: gradient norm above this × the median of the layers from it to the loss. @default 1e3 */
  explodingRelative: number;
  /** exploding: gradient norm above this. @default 1e3 */
  explodingAbsolute: number;
  /** dead-relu: flagged when at least this fraction of units is zero for every example. @default 0.5 */
  deadReluFraction: number;
  /** A tanh output is saturated when |t| exceeds this. @default 0.97 */
  tanhLimit: number;
  /** A sigmoid output is saturated below this… @default 0.03 */
  sigmoidLow: number;
  /** …or above this. @default 0.97 */
  sigmoidHigh: number;
  /** saturated: flagged when at least this fraction of activations is saturated. @default 0.5 */
  saturatedFraction: number;
}

/** Options of a trace; defaults in src/trace/options.ts (defaultTraceOptions). */
export interface TraceOptions {
  /** Gradient check mode. @default "fast" */
  check: CheckMode;
  /** Central-difference step. @default 1e-6 */
  eps: number;
  /** Pass when |a − n| ≤ atol + rtol·|n| (PyTorch gradcheck's defaults). @default 1e-5 */
  atol: number;
  /** @default 1e-3 */
  rtol: number;
  /** sample mode: every element of tensors with at most this many elements. @default 64 */
  checkAllUpTo: number;
  /** sample mode: elements checked in larger tensors. @default 16 */
  sampleSize: number;
  /** sample mode: how many of the sample are the largest |g| (the rest are random). @default 4 */
  sampleLargest: number;
  /** Worst elements reported per parameter. @default 5 */
  worstElements: number;
  /** Seed of the check's own random directions and samples (the engine's generator is not touched). @default 1 */
  checkSeed: number;
  /** On a failed check, look for the op whose backward is wrong. @default true */
  localize: boolean;
  /** Most intermediate nodes the search tests. @default 200 */
  localizeMaxNodes: number;
  /** Include raw value and gradient arrays of small tensors. @default false */
  includeValues: boolean;
  /** Largest tensor (elements) whose raw arrays are included. @default 1024 */
  valueSizeCap: number;
  /** Graph nodes kept in the result; the rest are counted but left out. @default 200000 */
  maxGraphNodes: number;
  /** Training steps to run; null = the model file's `steps` (0 if none). @default null */
  steps: number | null;
  /** Seed the engine's generator is reset to before every forward pass; null = the seed last given to manualSeed. @default null */
  seed: number | null;
  thresholds: VerdictThresholds;
}

/** What callers pass: any subset of the options (thresholds too may be partial). */
export type TraceOptionsInput = Partial<Omit<TraceOptions, "thresholds">> & { thresholds?: Partial<VerdictThresholds> };

/** Wall-clock times of the phases, in milliseconds. */
export interface TraceTimings {
  trace: number;
  checks: number;
  history: number;
  total: number;
}

/** The whole trace of one model file. */
export interface TraceResult {
  schema: "backprop-lens/trace@1";
  loss: JsonNumber;
  /** The seed the generator was reset to before every forward pass. */
  seed: number;
  options: TraceOptions;
  parameters: ParameterInfo[];
  layers: LayerInfo[];
  graph: TraceGraph;
  checks: CheckResult[];
  checkSummary: CheckSummary;
  anomalies: Anomaly[];
  history: HistoryStep[];
  /** Things the user should know that are not errors (e.g. training stopped at a NaN loss). */
  warnings: string[];
  timings: TraceTimings;
}

// ─── Host <-> webview messages ──────────────────────────────────────────────────────────────────
// Every message between the extension host and its webviews (the gradient panel and the side view).
// `type` is a string literal; every receiver switches on it exhaustively (default: assertNever(msg)).
// The host holds its messages until the webview has said "ready".

/** Something the host can ask the webview to show. */
export type FocusTarget = { kind: "node"; id: number } | { kind: "param"; name: string } | { kind: "layer"; name: string };

/** A model-file (or tracer) error as the webview shows it. */
export interface TraceFailure {
  /** The model file. */
  file: string;
  message: string;
  /** Where in the user's files, when known (links to the line). */
  loc: SourceLoc | null;
  /** Stack or further detail, shown folded. */
  detail?: string;
}

/** The webview's tabs. */
export type WebviewTab = "graph" | "layers" | "checks" | "walk";

/** Host → webview. */
export type HostToWebview =
  /** The latest result of `file` (replaces any stale marking). */
  | { type: "trace"; file: string; result: TraceResult }
  /** A new trace of `file` runs: the last result stays visible, marked stale. */
  | { type: "tracing"; file: string }
  | { type: "error"; error: TraceFailure }
  /** Nothing to show (no trace of the file yet). */
  | { type: "clear" }
  | { type: "focus"; target: FocusTarget }
  | { type: "showTab"; tab: WebviewTab };

/** Webview → host. */
export type WebviewToHost =
  /** The webview listens: the host sends what it held. Sent again after the webview is reloaded. */
  | { type: "ready" }
  | { type: "revealSource"; loc: SourceLoc }
  | { type: "retrace" }
  | { type: "exportReport" }
  /** The webview rejected a message from the host (a protocol mismatch, logged by the host). */
  | { type: "invalidMessage"; error: string };

/** Exhaustiveness check for switches over message types: a missing case is a compile error. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}
