/**
 * Field lengths per fieldlengthdistribution (CoreWorkload.getFieldLengthGenerator): "constant" gives
 * fieldlength; "uniform" draws uniformly from [minfieldlength, fieldlength]; "zipfian" from the same range with
 * short fields favoured. YCSB's "histogram" (lengths read from a file) is not supported.
 */
import type { FieldLengthDistribution } from "../../workloads/config.js";
import { ConstantIntegerGenerator } from "./constant-integer-generator.js";
import type { NumberGenerator } from "./number-generator.js";
import { UniformLongGenerator } from "./uniform-long-generator.js";
import { ZipfianGenerator } from "./zipfian-generator.js";

export interface FieldLengthSettings {
  fieldlengthdistribution: FieldLengthDistribution;
  fieldlength: number;
  minfieldlength: number;
}

export function createFieldLengthGenerator(s: FieldLengthSettings): NumberGenerator {
  switch (s.fieldlengthdistribution) {
    case "constant":
      return new ConstantIntegerGenerator(s.fieldlength);
    case "uniform":
      return new UniformLongGenerator(s.minfieldlength, s.fieldlength);
    case "zipfian":
      return new ZipfianGenerator(s.minfieldlength, s.fieldlength);
    default:
      throw new Error(`Unknown field length distribution "${String(s.fieldlengthdistribution)}"`);
  }
}
