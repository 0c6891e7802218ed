// The `nn` namespace users import: modules, nn.functional and nn.init.
export { Module } from "./module";
