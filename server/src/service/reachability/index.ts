/** Reachability: which endpoints may open connections to which, on which ports, and why. */
export * from './portSet';
export * from './result';
export * from './reachabilityEngine';
export * from './explain';
export * from './describeExplanation';
export * from './endpointFilter';
export * from './matching';
