import { pending } from './pending';

export const spec = pending('huber_loss', 'regression');
