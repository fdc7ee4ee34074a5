import { pending } from './pending';

export const spec = pending('cosine_embedding_loss', 'embedding');
