/** What the benches take from the engine, as one bundle entry (bundledEngine.ts). */
export { getLoss } from '../src/engine/catalog';
export { Tensor } from '../src/engine/tensor';
