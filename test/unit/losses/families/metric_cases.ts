import { type Case, floats, ints } from './cases';

const LABELS = [0, 1, 0, 2, 1, 0];
const withLabels = (extra: Record<string, (rand: () => number) => ReturnType<typeof floats>>) => (rand: () => number) => ({
  embeddings: floats([6, 3], rand),
  labels: ints([6], LABELS),
  ...Object.fromEntries(Object.entries(extra).map(([k, f]) => [k, f(rand)])),
});
const labelRejects = (extra: Record<string, (rand: () => number) => ReturnType<typeof floats>>): Case['rejects'] => [
  { args: (rand) => ({ ...withLabels(extra)(rand), labels: ints([5], [0, 1, 0, 2, 1]) }), argument: 'labels' },
  { args: (rand) => ({ ...withLabels(extra)(rand), labels: ints([6], [0, 1, 0, 7, 1, 0]) }), argument: 'labels' },
];
const paired = (a: string, b: string): Case['args'] => (rand) => ({ [a]: floats([4, 3], rand), [b]: floats([4, 3], rand) });
const pairedReject = (a: string, b: string): Case['rejects'][number] => ({ args: (rand) => ({ [a]: floats([4, 3], rand), [b]: floats([3, 3], rand) }), argument: b });

export const METRIC_CASES: Record<string, Case> = {
  cosface_loss: {
    args: withLabels({ W: (rand) => floats([3, 4], rand) }),
    options: [{ scale: 4 }, { margin: 0.1, scale: 10 }],
    rejects: [...labelRejects({ W: (rand) => floats([3, 4], rand) }), { args: withLabels({ W: (rand) => floats([4, 4], rand) }), argument: 'W' }, { options: { scale: 0 }, argument: 'scale' }],
  },
  proxy_nca_loss: {
    args: withLabels({ proxies: (rand) => floats([4, 3], rand) }),
    options: [{}, { softmax_scale: 9 }],
    rejects: [...labelRejects({ proxies: (rand) => floats([4, 3], rand) }), { args: withLabels({ proxies: (rand) => floats([3, 4], rand) }), argument: 'proxies' }],
  },
  proxy_anchor_loss: {
    args: withLabels({ proxies: (rand) => floats([4, 3], rand) }),
    options: [{ alpha: 4 }, { alpha: 8, margin: 0.3 }],
    rejects: [...labelRejects({ proxies: (rand) => floats([4, 3], rand) }), { options: { alpha: 0 }, argument: 'alpha' }],
  },
  lifted_structure_loss: {
    args: withLabels({}),
    options: [{}, { neg_margin: 0.5, pos_margin: 0.1 }],
    rejects: [{ args: (rand) => ({ embeddings: floats([6], rand), labels: ints([6], LABELS) }), argument: 'embeddings' }, ...labelRejects({}).slice(0, 1)],
  },
  npairs_loss: { args: paired('anchors', 'positives'), options: [{}, { l2_reg: 0.1 }], rejects: [pairedReject('anchors', 'positives'), { options: { l2_reg: -1 }, argument: 'l2_reg' }] },
  infonce_loss: { args: paired('anchors', 'positives'), options: [{}, { temperature: 0.5, normalize: false }], rejects: [pairedReject('anchors', 'positives'), { options: { temperature: 0 }, argument: 'temperature' }] },
  clip_loss: { args: paired('image_features', 'text_features'), options: [{ logit_scale: 2 }, { logit_scale: 5 }], rejects: [pairedReject('image_features', 'text_features')] },
};
