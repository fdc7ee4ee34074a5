import { pending } from './pending';

export const spec = pending('mse_loss', 'regression');
