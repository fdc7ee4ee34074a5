import { pending } from './pending';

export const spec = pending('ctc_loss', 'sequence');
