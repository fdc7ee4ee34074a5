/** Instances of the engine's WebAssembly SIMD kernels (the *.as.ts files beside this one, compiled
 *  by scripts/wasm.mjs): one per kernel and thread, or null where the runtime lacks WebAssembly SIMD. */

/** What every kernel exports besides its functions. */
export interface KernelMemory {
  readonly memory: WebAssembly.Memory;
  /** The first byte after the kernel's own data: callers lay out their arrays from here. */
  heapBase(): number;
}

export function instantiate<K extends KernelMemory>(base64: string): K | null {
  try {
    const module = new WebAssembly.Module(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    return new WebAssembly.Instance(module, {}).exports as unknown as K;
  } catch {
    return null;
  }
}

/** Grows the kernel's memory to at least `bytes` (it never shrinks); false when it cannot. */
export function reserve(kernel: KernelMemory, bytes: number): boolean {
  const missing = bytes - kernel.memory.buffer.byteLength;
  if (missing <= 0) return true;
  try {
    kernel.memory.grow(Math.ceil(missing / 65536));
    return true;
  } catch {
    return false;
  }
}
