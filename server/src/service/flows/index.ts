/** Flows files: intended connections as a contract, checked against the workspace's policies. */
export * from './flowsFile';
export * from './evaluateFlows';
export * from './flowFindings';
export * from './flowRules';
export * from './flowsChecker';
