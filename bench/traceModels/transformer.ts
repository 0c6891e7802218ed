// The benchmark's 2-layer transformer as a model file (import "backprop-lens", default-export the
// spec), so the tracing-overhead benchmark runs it the way the runner runs a user's file.
import * as bl from "backprop-lens";
import { transformerSpec } from "../modelSpecs";

const { model, loss } = transformerSpec(bl);

export default { model, loss };
