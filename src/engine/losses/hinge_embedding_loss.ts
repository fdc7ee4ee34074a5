import { pending } from './pending';

export const spec = pending('hinge_embedding_loss', 'embedding');
