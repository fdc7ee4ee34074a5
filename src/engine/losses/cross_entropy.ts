import { pending } from './pending';

export const spec = pending('cross_entropy', 'classification');
