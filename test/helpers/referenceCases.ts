import { fileURLToPath } from "node:url";

/** The shared PyTorch reference cases: ../shared/reference/cases beside the repository (CI lays shared/ there too). */
export const SHARED_CASES_DIR = fileURLToPath(new URL("../../../shared/reference/cases", import.meta.url));
