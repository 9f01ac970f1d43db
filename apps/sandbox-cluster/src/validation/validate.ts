import { ResourceType } from '../api/resource-catalog';
import { JsonObject, JsonValue, KubeObject, StatusCause, isJsonObject } from '../api/types';
import { fromLabelSelectorObject, matchesLabels } from '../storage/selectors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Kinds whose names must be DNS-1123 labels (no dots), as in the API server. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

function invalidValue(field: string, value: JsonValue | undefined, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field };
}

function required(field: string, detail?: string): StatusCause {
  return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
}

export function validateName(kind: string, name: string): StatusCause[] {
  if (LABEL_NAMED_KINDS.has(kind)) {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      return [
        invalidValue(
          'metadata.name',
          name,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        ),
      ];
    }
    return [];
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [
      invalidValue(
        'metadata.name',
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    ];
  }
  return [];
}

function validateLabels(labels: Record<string, string> | undefined, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (name.length > 63 || !LABEL_NAME.test(name)) {
      causes.push(invalidValue(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.'"));
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push(
        invalidValue(`${field}`, value, 'a valid label must be an empty string or consist of alphanumeric characters'),
      );
    }
  }
  return causes;
}

function validatePodSpec(spec: JsonValue | undefined, field: string): StatusCause[] {
  if (!isJsonObject(spec)) return [required(field)];
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${field}.containers`)];
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  containers.forEach((container, index) => {
    const path = `${field}.containers[${index}]`;
    if (!isJsonObject(container)) return;
    if (typeof container.name !== 'string' || container.name === '') causes.push(required(`${path}.name`));
    else if (!DNS1123_LABEL.test(container.name)) {
      causes.push(
        invalidValue(
          `${path}.name`,
          container.name,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'",
        ),
      );
    } else if (names.has(container.name)) {
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${container.name}"`,
        field: `${path}.name`,
      });
    } else names.add(container.name);
    if (typeof container.image !== 'string' || container.image === '') causes.push(required(`${path}.image`));
  });
  return causes;
}

function validateWorkload(object: KubeObject, options: { selectorRequired: boolean }): StatusCause[] {
  const spec = object.spec ?? {};
  const causes: StatusCause[] = [];
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const template = isJsonObject(spec.template) ? spec.template : undefined;
  if (!template) return [...causes, required('spec.template')];
  const templateLabels = (isJsonObject(template.metadata) ? template.metadata.labels : undefined) as
    Record<string, string> | undefined;
  if (!isJsonObject(spec.selector)) {
    if (options.selectorRequired) causes.push(required('spec.selector'));
  } else if (!matchesLabels(fromLabelSelectorObject(spec.selector), templateLabels ?? {})) {
    causes.push(
      invalidValue(
        'spec.template.metadata.labels',
        templateLabels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  }
  return [...causes, ...validatePodSpec(template.spec, 'spec.template.spec')];
}

function validateServicePorts(spec: JsonObject): StatusCause[] {
  const ports = spec.ports;
  if (!Array.isArray(ports)) return spec.type === 'ExternalName' ? [] : [required('spec.ports')];
  return ports.flatMap((port, index) => {
    const value = isJsonObject(port) ? port.port : undefined;
    return typeof value === 'number' && value >= 1 && value <= 65535
      ? []
      : [invalidValue(`spec.ports[${index}].port`, value, 'must be between 1 and 65535, inclusive')];
  });
}

/** The API server's validation for the served kinds, trimmed to the rules clients meet in practice. */
export function validateObject(type: ResourceType, object: KubeObject): StatusCause[] {
  const causes = [...validateLabels(object.metadata.labels, 'metadata.labels')];
  const spec = object.spec ?? {};
  switch (type.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      causes.push(...validateWorkload(object, { selectorRequired: true }));
      break;
    case 'Job': {
      causes.push(...validateWorkload(object, { selectorRequired: false }));
      const template = isJsonObject(spec.template) ? spec.template : {};
      const restartPolicy = isJsonObject(template.spec) ? template.spec.restartPolicy : undefined;
      if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
        causes.push(required('spec.template.spec.restartPolicy', 'valid values: "OnFailure", "Never"'));
      }
      break;
    }
    case 'CronJob':
      if (typeof spec.schedule !== 'string' || spec.schedule.trim() === '') causes.push(required('spec.schedule'));
      break;
    case 'Pod':
      causes.push(...validatePodSpec(object.spec, 'spec'));
      break;
    case 'Service':
      causes.push(...validateServicePorts(spec));
      break;
    case 'ConfigMap':
      for (const [key, value] of Object.entries(isJsonObject(object.data) ? object.data : {})) {
        if (typeof value !== 'string')
          causes.push(invalidValue(`data[${key}]`, value as JsonValue, 'must be a string'));
      }
      break;
    case 'CustomResourceDefinition':
      causes.push(...validateCustomResourceDefinition(object));
      break;
  }
  return causes;
}

function validateCustomResourceDefinition(object: KubeObject): StatusCause[] {
  const spec = object.spec ?? {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const causes: StatusCause[] = [];
  if (typeof spec.group !== 'string' || !spec.group) causes.push(required('spec.group'));
  if (typeof names.plural !== 'string' || !names.plural) causes.push(required('spec.names.plural'));
  if (typeof names.kind !== 'string' || !names.kind) causes.push(required('spec.names.kind'));
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) causes.push(required('spec.versions'));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"`,
      field: 'spec.scope',
    });
  }
  if (
    typeof names.plural === 'string' &&
    typeof spec.group === 'string' &&
    object.metadata.name !== `${names.plural}.${spec.group}`
  ) {
    causes.push(invalidValue('metadata.name', object.metadata.name, `must be spec.names.plural+"."+spec.group`));
  }
  return causes;
}
