// The benchmark's MLP as a model file (import "backprop-lens", default-export the spec), so the
// tracing-overhead benchmark runs it the way the runner runs a user's file.
import * as bl from "backprop-lens";
import { mlpSpec } from "../modelSpecs";

const { model, loss } = mlpSpec(bl);

export default { model, loss };
