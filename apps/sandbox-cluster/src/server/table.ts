import { ResourceType } from '../api/resource-catalog';
import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';

// Server-side printing: kubectl get asks for meta.k8s.io Table and prints the columns as given.

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority?: number;
  cell: (object: KubeObject) => JsonValue;
}

export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('as=Table');
}

function age(object: KubeObject): string {
  const created = Date.parse(object.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return '<unknown>';
  const seconds = Math.max(0, Math.floor((Date.now() - created) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 3600 * 2) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400 * 2) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const num = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);
const status = (object: KubeObject): JsonObject => object.status ?? {};
const spec = (object: KubeObject): JsonObject => object.spec ?? {};

function podStatusColumns(): Column[] {
  const containerStatuses = (object: KubeObject): JsonObject[] =>
    Array.isArray(status(object).containerStatuses)
      ? (status(object).containerStatuses as JsonValue[]).filter(isJsonObject)
      : [];
  return [
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready containers',
      cell: (object) => {
        const total = Array.isArray(spec(object).containers) ? (spec(object).containers as JsonValue[]).length : 0;
        return `${containerStatuses(object).filter((container) => container.ready === true).length}/${total}`;
      },
    },
    {
      name: 'Status',
      type: 'string',
      description: 'Pod phase or the reason a container is waiting',
      cell: (object) => {
        if (object.metadata.deletionTimestamp) return 'Terminating';
        for (const container of containerStatuses(object)) {
          const waiting =
            isJsonObject(container.state) && isJsonObject(container.state.waiting)
              ? container.state.waiting
              : undefined;
          if (waiting?.reason) return waiting.reason;
        }
        return (status(object).phase as string | undefined) ?? 'Pending';
      },
    },
    {
      name: 'Restarts',
      type: 'integer',
      description: 'Container restarts',
      cell: (object) => containerStatuses(object).reduce((sum, container) => sum + num(container.restartCount), 0),
    },
  ];
}

const COLUMNS_BY_KIND: Record<string, Column[]> = {
  Deployment: [
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready replicas',
      cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      description: 'Updated replicas',
      cell: (o) => num(status(o).updatedReplicas),
    },
    {
      name: 'Available',
      type: 'integer',
      description: 'Available replicas',
      cell: (o) => num(status(o).availableReplicas),
    },
  ],
  ReplicaSet: [
    { name: 'Desired', type: 'integer', description: 'Desired replicas', cell: (o) => num(spec(o).replicas) },
    { name: 'Current', type: 'integer', description: 'Current replicas', cell: (o) => num(status(o).replicas) },
    { name: 'Ready', type: 'integer', description: 'Ready replicas', cell: (o) => num(status(o).readyReplicas) },
  ],
  StatefulSet: [
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready replicas',
      cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}`,
    },
  ],
  DaemonSet: [
    {
      name: 'Desired',
      type: 'integer',
      description: 'Desired pods',
      cell: (o) => num(status(o).desiredNumberScheduled),
    },
    { name: 'Ready', type: 'integer', description: 'Ready pods', cell: (o) => num(status(o).numberReady) },
  ],
  Job: [
    {
      name: 'Completions',
      type: 'string',
      description: 'Succeeded of desired',
      cell: (o) => `${num(status(o).succeeded)}/${num(spec(o).completions)}`,
    },
  ],
  Pod: podStatusColumns(),
  Service: [
    { name: 'Type', type: 'string', description: 'Service type', cell: (o) => (spec(o).type as string) ?? 'ClusterIP' },
    {
      name: 'Cluster-IP',
      type: 'string',
      description: 'Cluster IP',
      cell: (o) => (spec(o).clusterIP as string) ?? '<none>',
    },
    {
      name: 'Port(s)',
      type: 'string',
      description: 'Ports',
      cell: (o) =>
        (Array.isArray(spec(o).ports) ? (spec(o).ports as JsonValue[]) : [])
          .filter(isJsonObject)
          .map((port) => `${String(port.port)}/${String(port.protocol ?? 'TCP')}`)
          .join(',') || '<none>',
    },
  ],
  Namespace: [
    { name: 'Status', type: 'string', description: 'Phase', cell: (o) => (status(o).phase as string) ?? 'Active' },
  ],
  Node: [
    { name: 'Status', type: 'string', description: 'Readiness', cell: () => 'Ready' },
    { name: 'Version', type: 'string', description: 'Kubelet version', cell: () => 'v1.32.0-sandbox' },
  ],
  ConfigMap: [
    {
      name: 'Data',
      type: 'integer',
      description: 'Entries',
      cell: (o) => Object.keys(isJsonObject(o.data) ? o.data : {}).length,
    },
  ],
};

function columnsFor(type: ResourceType): Column[] {
  return [
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description: 'Name of the object',
      cell: (object) => object.metadata.name ?? '',
    },
    ...(type.builtIn ? (COLUMNS_BY_KIND[type.kind] ?? []) : []),
    { name: 'Age', type: 'string', description: 'Time since creation', cell: age },
  ];
}

function partialMetadata(object: KubeObject): JsonObject {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata,
  };
}

export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  listMetadata: JsonObject = {},
  withHeaders = true,
): JsonObject {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: withHeaders
      ? columns.map(({ name, type: columnType, format, description }) => ({
          name,
          type: columnType,
          format: format ?? '',
          description,
          priority: 0,
        }))
      : [],
    rows: objects.map((object) => ({
      cells: columns.map((column) => column.cell(object)),
      object: partialMetadata(object),
    })),
  };
}
