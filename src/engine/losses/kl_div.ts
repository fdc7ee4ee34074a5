import { pending } from './pending';

export const spec = pending('kl_div', 'probabilistic');
