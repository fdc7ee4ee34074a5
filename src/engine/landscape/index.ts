export { lossAt, type LandscapeObjective, type ParameterBlock } from './objective';
export { filterNormalize, gaussianDirection, randomDirection } from './directions';
export { interpolate, slice1d, slice2d } from './slices';
export { projectTrajectory, trajectoryBounds, type TrajectoryProjection } from './pca';
export { hessianVectorProduct, hutchinsonTrace, topHessianEigenvalue, type TopEigen, type TraceEstimate } from './hessian';
export { linspace } from './vector';
