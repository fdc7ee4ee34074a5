export { DEFAULT_SMOOTHING, smooth } from './smooth';
export { quantileSorted, robustRange, type RangeOptions } from './range';
export { detectAnomalies, type AnomalyKind, type CurveAnomaly, type CurveSplit, type DetectOptions } from './anomalies';
