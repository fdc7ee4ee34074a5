import { pending } from './pending';

export const spec = pending('multilabel_margin_loss', 'margin');
