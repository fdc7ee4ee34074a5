import { pending } from './pending';

export const spec = pending('margin_ranking_loss', 'ranking');
