/** The reachability view: the model the panel and the HTML report render, and the functions that read it. */
export * from './viewModel';
export * from './buildReachabilityView';
export * from './cellVerdicts';
export * from './cellWords';
export * from './matrixLayout';
export * from './endpointSearch';
export * from './explanationView';
export * from './externalPairs';
export * from './policyFocus';
export * from './validateView';
