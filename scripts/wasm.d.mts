/** Compiles every AssemblyScript kernel and writes its `.wasm.generated.ts` module; returns the paths. */
export function buildWasm(): Promise<string[]>;
export const KERNELS: readonly string[];
