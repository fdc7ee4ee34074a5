/** Learning-rate schedules as a pure function of the step (0-based, the step about to be taken),
 *  matching torch.optim.lr_scheduler stepped once per optimiser step. `warmup_steps` may be added
 *  to any schedule: a LinearLR factor from `warmup_start` to 1 multiplies it. */
export const SCHEDULE_NAMES = ['constant', 'step', 'cosine', 'warmup'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export interface Schedule {
  name: ScheduleName;
  /** step: multiply by gamma every step_size steps (StepLR). */
  step_size?: number;
  gamma?: number;
  /** cosine: CosineAnnealingLR period (default: the run's steps) and floor. */
  t_max?: number;
  eta_min?: number;
  /** Linear warm-up length in steps and starting factor (default 1/3 like LinearLR). */
  warmup_steps?: number;
  warmup_start?: number;
}

export function learningRate(base: number, schedule: Schedule | undefined, step: number, totalSteps: number): number {
  if (!schedule) return base;
  let lr = base;
  switch (schedule.name) {
    case 'constant': case 'warmup': break;
    case 'step': lr = base * (schedule.gamma ?? 0.1) ** Math.floor(step / (schedule.step_size ?? 1)); break;
    case 'cosine': {
      const tMax = schedule.t_max ?? totalSteps;
      const etaMin = schedule.eta_min ?? 0;
      lr = etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * step) / tMax))) / 2;
      break;
    }
  }
  const warm = schedule.warmup_steps ?? 0;
  if (warm > 0) {
    const start = schedule.warmup_start ?? 1 / 3;
    lr *= start + ((1 - start) * Math.min(step, warm)) / warm;
  }
  return lr;
}
