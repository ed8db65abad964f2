/** What a change opens and closes: the difference between two reachability states, explained from each side. */
export * from './reachabilityDiff';
export * from './computeReachabilityDiff';
