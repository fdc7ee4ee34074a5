import { pending } from './pending';

export const spec = pending('sigmoid_focal_loss', 'detection');
