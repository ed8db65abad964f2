/** The cluster a workspace describes, read from its manifests. */
export * from './clusterModel';
export * from './buildClusterModel';
export * from './endpoint';
export * from './ipAddress';
export * from './labelSelector';
export * from './networkPolicy';
export * from './sourceRef';
export { DecodeError } from './decode';
