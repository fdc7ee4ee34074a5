import { pending } from './pending';

export const spec = pending('gaussian_nll_loss', 'probabilistic');
