export type { LiveObject, ObjectCondition } from './readiness/live-object';
export type { Readiness, ReadinessInput, ReadinessState } from './readiness/readiness';
export { evaluateReadiness } from './readiness/evaluate-readiness';
export type { DriftedField, DriftOptions } from './drift/detect-drift';
export { detectDrift } from './drift/detect-drift';
export { quantityValue } from './drift/quantity';
export type { AppliedObject } from './client/applied-object';
export type { CallOptions } from './client/cluster-transport';
export type { FieldConflict, KubeErrorCode, StatusCause } from './client/kube-api-error';
export { KubeApiError, isKubeApiError } from './client/kube-api-error';
export type { ApplyOptions, DeleteOptions, KubeClusterClientOptions, ObjectDrift } from './client/kube-cluster-client';
export { KubeClusterClient } from './client/kube-cluster-client';
export type { ApiServerConnection, Exchange, ExchangeAnswer } from './client/connection/api-server-connection';
export { CallerAbort } from './client/connection/api-server-connection';
export { onAbort } from './client/abort-relay';
export { connectToApiServer } from './client/connection/connect-to-api-server';
export type { AddressGuard } from './client/connection/address-guard';
export { ForbiddenAddress, checkHost, isForbiddenAddress } from './client/connection/address-guard';
export type { ApiServerAnswer } from './client/connection/connection-registry';
export {
  apiServerConnection,
  getFromApiServer,
  guardApiServerConnections,
  retireApiServerConnection,
  throughTransientKubeConfig,
} from './client/connection/connection-registry';
export { KubeConfigCredentials } from './client/connection/kubeconfig-credentials';
export type { ApplyManifest, KindRef, ObjectRef } from './client/object-ref';
export { describeRef, refOf } from './client/object-ref';
export type { ObjectReadiness, ReadinessReport, WaitForReadyOptions } from './client/poll-readiness';
