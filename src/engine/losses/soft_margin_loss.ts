import { pending } from './pending';

export const spec = pending('soft_margin_loss', 'margin');
