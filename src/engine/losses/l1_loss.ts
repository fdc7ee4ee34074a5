import { pending } from './pending';

export const spec = pending('l1_loss', 'regression');
