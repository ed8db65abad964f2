/**
 * The reachability view as the panel (webview) and the HTML report read it: the view model's types and the
 * browser-safe functions that read it, from the pure core. The webview imports these through here only; they
 * import nothing from Node or `vscode` (the webview's tsconfig compiles them with the DOM library alone).
 */
export * from '../service/reachabilityView/viewModel';
export { CellVerdicts, Level, LEVEL_NAMES, classify, isSelf, wantedPorts } from '../service/reachabilityView/cellVerdicts';
export {
  Aggregator,
  axisItems,
  groupId,
  membersOf,
  type Aggregate,
  type AxisItem,
  type EndpointItem,
  type GroupItem,
} from '../service/reachabilityView/matrixLayout';
export { matchesSearch, parseSearch, searchEndpoints } from '../service/reachabilityView/endpointSearch';
export { checkView, isExplanation, isRecord, isRef, isStrings, isViewFilter } from '../service/reachabilityView/validateView';
export { isExternalPair } from '../service/reachabilityView/externalPairs';
export { formatPortSet, intersectPortSets } from '../service/reachability/portSet';
