/**
 * The NetworkPolicy Lens language service: plain TypeScript with no dependency on VS Code or an LSP connection.
 * The language server, the CLI and the tests all call these functions, so they agree by construction.
 */
export * from './fieldPath';
export * from './findings';
export * from './settings';
export * from './lineIndex';
export * from './workspace';
export * from './ruleCatalog';
export * from './model/manifest';
export * from './parse/parsedFile';
export * from './parse/parsedDocument';
export * from './parse/locate';
export * from './diagnostics/fileFindings';
export * from './diagnostics/notUtf8Findings';
export * from './parse/nodeAtOffset';
export * from './parse/textChange';
export * from './features/documentSymbols';
export * from './features/hover';
export * from './features/findManifestAt';
export * from './features/completion';
export * from './fixes/quickFix';
export * from './fixes/getCodeActions';
export * from './features/codeLenses';
export * from './workspaceAnalysis';
export * from './diagnostics/workspaceFindings';
export * from './lints/workspaceLint';
export * from './netpolService';
export * from './reachabilityView/viewModel';
export * from './reachabilityView/buildReachabilityView';
export * from './reachabilityView/cellVerdicts';
export * from './reachabilityView/cellWords';
export * from './reachabilityView/matrixLayout';
export * from './reachabilityView/endpointSearch';
export * from './reachabilityView/explanationView';
export * from './reachabilityView/policyFocus';
export { checkView, isExplanation, isRef, isViewFilter } from './reachabilityView/validateView';
export * from './reachabilityView/externalPairs';
export * from './reachability/index';
export * from './flows/index';
export type { ClusterModel, LeftOutDocument, ModelNote } from './cluster/clusterModel';
export type { SourceRef } from './cluster/sourceRef';
export * from './reachabilityDiff/index';
