import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Root, Type } from 'protobufjs';

// The official generated.proto files of the served API groups (vendored, see vendor/kubernetes/README.md)
// are the one source of the built-in kinds' schemas: protobuf bodies are decoded with them, the OpenAPI v3
// documents are generated from them (their comments are the Go doc comments kubectl explain prints), and
// field validation walks them. They are parsed once per process, on first use, and shared by every cluster.

/** The vendored files; the same relative path holds from src/ and from its compiled copy in dist/. */
const VENDORED_DIR = join(__dirname, '..', '..', 'vendor', 'kubernetes');
export const VENDORED_PROTO_DIR = join(VENDORED_DIR, 'proto');

/** API group → proto package of its served version's generated.proto (the core group is ""). */
const GROUP_PACKAGES: Record<string, string> = {
  '': 'k8s.io.api.core',
  apps: 'k8s.io.api.apps',
  batch: 'k8s.io.api.batch',
  autoscaling: 'k8s.io.api.autoscaling',
  policy: 'k8s.io.api.policy',
  'networking.k8s.io': 'k8s.io.api.networking',
};

const PROTO_FILES = [
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/batch/v1/generated.proto',
  'k8s.io/api/networking/v1/generated.proto',
  'k8s.io/api/policy/v1/generated.proto',
  'k8s.io/api/autoscaling/v1/generated.proto',
  'k8s.io/api/autoscaling/v2/generated.proto',
];

const APIMACHINERY = 'k8s.io.apimachinery.pkg';

/** Fully qualified names of the messages that stand for a JSON scalar or free-form JSON, not an object. */
export const SPECIAL_MESSAGES = {
  quantity: `${APIMACHINERY}.api.resource.Quantity`,
  intOrString: `${APIMACHINERY}.util.intstr.IntOrString`,
  time: `${APIMACHINERY}.apis.meta.v1.Time`,
  microTime: `${APIMACHINERY}.apis.meta.v1.MicroTime`,
  duration: `${APIMACHINERY}.apis.meta.v1.Duration`,
  fieldsV1: `${APIMACHINERY}.apis.meta.v1.FieldsV1`,
  rawExtension: `${APIMACHINERY}.runtime.RawExtension`,
} as const;

export type SpecialMessage = keyof typeof SPECIAL_MESSAGES;

const SPECIAL_BY_NAME = new Map<string, SpecialMessage>(
  Object.entries(SPECIAL_MESSAGES).map(([special, name]) => [name, special as SpecialMessage]),
);

/** Which special message a type is, by its fully qualified name (without the leading dot). */
export function specialMessageOf(type: Type): SpecialMessage | undefined {
  return SPECIAL_BY_NAME.get(type.fullName.slice(1));
}

// Go structs embedded with `json:",inline"` are a nested message in protobuf but their fields sit in the
// parent's JSON (a Probe's httpGet, a ConfigMapKeySelector's name). generated.proto does not say which
// fields those are; this list is every embedded field with a protobuf tag in the served groups' types.go.
const INLINE_FIELDS = new Set(
  [
    'core.v1.Volume.volumeSource',
    'core.v1.PersistentVolumeSpec.persistentVolumeSource',
    'core.v1.SecretProjection.localObjectReference',
    'core.v1.ConfigMapVolumeSource.localObjectReference',
    'core.v1.ConfigMapProjection.localObjectReference',
    'core.v1.ConfigMapKeySelector.localObjectReference',
    'core.v1.SecretKeySelector.localObjectReference',
    'core.v1.ConfigMapEnvSource.localObjectReference',
    'core.v1.SecretEnvSource.localObjectReference',
    'core.v1.Probe.handler',
    'core.v1.EphemeralContainer.ephemeralContainerCommon',
    'networking.v1.IngressRule.ingressRuleValue',
  ].map((field) => `.k8s.io.api.${field}`),
);

/** Whether a field's message is inlined into its parent's JSON object rather than nested under its name. */
export function isInlineField(field: Field): boolean {
  return field.parent !== null && INLINE_FIELDS.has(`${field.parent.fullName}.${field.name}`);
}

const jsonFieldCache = new WeakMap<Type, Map<string, Field>>();

/** The fields of a message as its JSON form has them: by name, inline messages' fields flattened in. */
export function jsonFieldsOf(type: Type): Map<string, Field> {
  let fields = jsonFieldCache.get(type);
  if (!fields) {
    fields = new Map();
    for (const field of type.fieldsArray) {
      if (isInlineField(field) && field.resolvedType instanceof Type) {
        for (const [name, inlined] of jsonFieldsOf(field.resolvedType)) fields.set(name, inlined);
      } else fields.set(field.name, field);
    }
    jsonFieldCache.set(type, fields);
  }
  return fields;
}

let omitEmptyScalars: Set<string> | undefined;

/**
 * Whether a field is a Go value (not pointer) number or boolean tagged omitempty: protobuf always carries
 * it, Go's JSON drops it when zero. Pointer fields, whose zero is meaningful (replicas: 0), are not listed.
 */
export function omitsZero(field: Field): boolean {
  omitEmptyScalars ??= new Set(
    readFileSync(join(VENDORED_DIR, 'omitempty-scalars.txt'), 'utf8').split('\n').filter(Boolean),
  );
  return field.parent !== null && omitEmptyScalars.has(`${field.parent.fullName.slice(1)}.${field.name}`);
}

let loaded: Root | undefined;

/** The parsed, resolved schemas; comments are kept because the OpenAPI descriptions come from them. */
export function kubeSchemas(): Root {
  if (!loaded) {
    const root = new Root();
    root.resolvePath = (_origin, target) => join(VENDORED_PROTO_DIR, target);
    root.loadSync(PROTO_FILES, { keepCase: true, alternateCommentMode: true });
    root.resolveAll();
    loaded = root;
  }
  return loaded;
}

/** Options kinds client-go sends in any group version (a typed client's delete sends its DeleteOptions). */
const OPTIONS_KINDS = new Set(['DeleteOptions']);

/**
 * The message type of a served built-in kind, e.g. ("apps/v1", "Deployment"), or of an options kind such as
 * DeleteOptions; undefined when not vendored.
 */
export function messageTypeOf(apiVersion: string, kind: string): Type | undefined {
  if (OPTIONS_KINDS.has(kind)) return messageType(`${APIMACHINERY}.apis.meta.v1.${kind}`);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const pkg = GROUP_PACKAGES[group];
  if (!pkg || !/^[A-Za-z0-9]+$/.test(version) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  const found = kubeSchemas().lookup(`${pkg}.${version}.${kind}`);
  return found instanceof Type ? found : undefined;
}

/** A message type looked up by fully qualified name; throws when the vendored schemas lack it. */
export function messageType(fullName: string): Type {
  return kubeSchemas().lookupType(fullName);
}

/** The OpenAPI schema name Kubernetes gives a message: k8s.io.api.apps.v1.Deployment → io.k8s.api.apps.v1.Deployment. */
export function openApiSchemaName(type: Type): string {
  return type.fullName.replace(/^\.k8s\.io\./, 'io.k8s.');
}
