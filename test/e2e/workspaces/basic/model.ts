// A small model file the end-to-end tests open, hover and read.
export const learningRate = 0.1;

/** Multiplies every weight by `factor`. */
export function scaleWeights(weights: number[], factor: number): number[] {
  return weights.map((weight) => weight * factor);
}
