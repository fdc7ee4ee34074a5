import { pending } from './pending';

export const spec = pending('nll_loss', 'classification');
