import { pending } from './pending';

export const spec = pending('binary_cross_entropy', 'classification');
