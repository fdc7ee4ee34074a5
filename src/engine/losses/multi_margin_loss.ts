import { pending } from './pending';

export const spec = pending('multi_margin_loss', 'margin');
