import { pending } from './pending';

export const spec = pending('multilabel_soft_margin_loss', 'classification');
