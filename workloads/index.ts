/** YCSB core workloads A–F and their loader; see README.md beside this file. */
export * from "./config.js";
export * from "./load-workload.js";
export * from "./properties.js";
