import { pending } from './pending';

export const spec = pending('triplet_margin_with_distance_loss', 'embedding');
