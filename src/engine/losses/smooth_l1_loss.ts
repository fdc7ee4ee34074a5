import { pending } from './pending';

export const spec = pending('smooth_l1_loss', 'regression');
