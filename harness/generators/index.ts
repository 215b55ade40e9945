/** YCSB's generators and CoreWorkload operation stream; see README.md beside this file. */
export * from "./acknowledged-counter-generator.js";
export * from "./constant-integer-generator.js";
export * from "./core-workload.js";
export * from "./counter-generator.js";
export * from "./discrete-generator.js";
export * from "./exponential-generator.js";
export * from "./field-length-generator.js";
export * from "./fnvhash64.js";
export * from "./hotspot-integer-generator.js";
export * from "./key-name.js";
export type * from "./number-generator.js";
export * from "./random-value.js";
export * from "./rng.js";
export * from "./scrambled-zipfian-generator.js";
export * from "./sequential-generator.js";
export * from "./skewed-latest-generator.js";
export * from "./uniform-long-generator.js";
export * from "./zipfian-generator.js";
