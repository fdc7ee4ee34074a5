import { pending } from './pending';

export const spec = pending('triplet_margin_loss', 'embedding');
