import { test, expect } from "vitest";
import { tensor, param, randn, manualSeed } from "../src/api";
import { gradcheck } from "./helpers/gradcheck";
test("smoke", () => {
  const x = param(3), y = param(-2);
  const a = x.mul(x), b = x.mul(y), c = x.add(y), f = a.add(b).add(c.pow(2));
  f.backward();
  expect(x.grad!.item()).toBe(2*3 + -2 + 2*(1));
  expect(y.grad!.item()).toBe(3 + 2*(1));
  manualSeed(0);
  const A = randn([3,4],{requiresGrad:true}), B = randn([2,4,5],{requiresGrad:true});
  const r = gradcheck((a, b) => a.matmul(b).softmax(-1).mul(tensor([1,2,3,4,5])).sum(), [A, B]);
  expect(r.ok, r.report).toBe(true);
});
