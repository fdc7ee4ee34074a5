import { pending } from './pending';

export const spec = pending('poisson_nll_loss', 'probabilistic');
