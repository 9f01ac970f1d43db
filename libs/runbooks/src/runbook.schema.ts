import {
  APPROVAL_ROLES,
  INPUT_TYPES,
  ON_FAILURE,
  RUNBOOK_API_VERSION,
  RUNBOOK_KIND,
  STEP_LIMITS,
  STEP_TYPES,
  StepType,
  TRAFFIC_PROVIDERS,
  UNGRACEFUL_BEHAVIOURS,
} from './definition';
import { INPUT_NAME_PATTERN, WHOLE_REFERENCE_PATTERN } from './references';

/**
 * The draft 2020-12 JSON Schema of a runbook definition, as the API serves it. Unknown fields are refused
 * everywhere except a webhook's `body`. A step is a tagged union on `type`: each type is its own branch with
 * the common fields and its own `with`, chosen by `discriminator`, so a validator reports the fields of the
 * step's own type instead of every branch's. `x-problem` is an annotation: what to tell a person when the
 * subschema that carries it fails (other validators ignore it).
 */

const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';
const URL_PATTERN = '^https?://[^\\s/$.?#][^\\s]*$';

/** What a value failing each pattern below must be, so the parser never echoes a regex. */
export const PATTERN_MESSAGES: Readonly<Record<string, string>> = {
  [WHOLE_REFERENCE_PATTERN]: 'must be a reference such as ${{ inputs.name }} or ${{ steps.step.outputs.output }}',
  [INPUT_NAME_PATTERN]: 'must be a name of letters, digits, "_" and "-", starting with a letter or "_"',
  [DNS_LABEL_PATTERN]:
    'must be a DNS label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
  [URL_PATTERN]: 'must be an http:// or https:// URL',
};

const dnsLabel = { type: 'string', pattern: DNS_LABEL_PATTERN };
const text = { type: 'string', maxLength: 2048 };
const name = { type: 'string', minLength: 1, maxLength: 253 };
const reference = { type: 'string', pattern: WHOLE_REFERENCE_PATTERN };
const seconds = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
/** An integer, or a whole reference resolved when the step starts (`pattern` only applies to strings). */
const integerOrReference = (minimum: number, maximum: number) => ({
  type: ['integer', 'string'],
  minimum,
  maximum,
  pattern: WHOLE_REFERENCE_PATTERN,
});

/** An object with exactly one of `keys`; the keys' own schemas sit in `properties` beside it. */
const exactlyOne = (keys: string[]) => ({
  oneOf: keys.map((key) => ({ required: [key] })),
  'x-problem': `must set exactly one of ${keys.join(', ')}`,
});

const closedObject = (properties: Record<string, object>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const clusterSet = {
  description: 'Clusters by names, by a label selector, or a whole reference to an input or output.',
  type: ['object', 'string'],
  pattern: WHOLE_REFERENCE_PATTERN,
  properties: {
    names: { type: 'array', items: name, minItems: 1, maxItems: 1000, uniqueItems: true },
    selector: { type: 'string', minLength: 1, maxLength: 1024 },
  },
  additionalProperties: false,
  if: { type: 'object' },
  then: exactlyOne(['names', 'selector']),
};
const clusters = { $ref: '#/$defs/clusterSet' };

const withByType: Record<StepType, object> = {
  'assert-health': closedObject({ clusters, application: name, expect: { enum: ['healthy', 'unhealthy'] } }, [
    'clusters',
    'expect',
  ]),
  cordon: closedObject({ clusters }, ['clusters']),
  uncordon: closedObject({ clusters }, ['clusters']),
  scale: {
    ...closedObject(
      {
        application: name,
        clusters,
        replicas: integerOrReference(0, 10_000),
        percentOf: closedObject({ clusters, percent: integerOrReference(1, 1000) }, ['clusters', 'percent']),
      },
      ['application', 'clusters'],
    ),
    ...exactlyOne(['replicas', 'percentOf']),
  },
  deploy: closedObject(
    {
      application: name,
      clusters,
      release: { ...closedObject({ from: clusters, version: name }), ...exactlyOne(['from', 'version']) },
    },
    ['application', 'clusters', 'release'],
  ),
  'promote-replica': closedObject({ instance: name }, ['instance']),
  'switch-binding': closedObject(
    {
      application: name,
      binding: name,
      instance: name,
      scope: {
        ...closedObject({ cluster: name, region: name, cloud: name, environment: name }),
        ...exactlyOne(['cluster', 'region', 'cloud', 'environment']),
      },
    },
    ['application', 'binding', 'instance'],
  ),
  'shift-traffic': {
    ...closedObject(
      {
        provider: { enum: [...TRAFFIC_PROVIDERS] },
        zone: name,
        record: name,
        weights: {
          type: 'object',
          minProperties: 1,
          maxProperties: 100,
          propertyNames: { minLength: 1, maxLength: 253 },
          additionalProperties: { type: 'integer', minimum: 0, maximum: 1000 },
        },
        failover: closedObject({ primary: name, secondary: name }, ['primary', 'secondary']),
      },
      ['provider', 'zone', 'record'],
    ),
    ...exactlyOne(['weights', 'failover']),
  },
  wait: {
    ...closedObject({
      seconds: integerOrReference(0, STEP_LIMITS.maxTimeoutSeconds),
      until: reference,
      timeoutSeconds: seconds(1, STEP_LIMITS.maxTimeoutSeconds),
    }),
    ...exactlyOne(['seconds', 'until']),
    dependentRequired: { until: ['timeoutSeconds'], timeoutSeconds: ['until'] },
  },
  approval: closedObject({ role: { enum: [...APPROVAL_ROLES] }, timeoutSeconds: seconds(1, 7 * 86_400) }, [
    'role',
    'timeoutSeconds',
  ]),
  webhook: closedObject({ url: { ...text, pattern: URL_PATTERN }, secret: name, body: { type: 'object' } }, [
    'url',
    'secret',
  ]),
};

/** One branch per step type: the common fields, the type's tag and its `with`. */
function stepBranches(compensation: boolean): object[] {
  return STEP_TYPES.map((type) =>
    closedObject(
      {
        name: dnsLabel,
        description: text,
        type: { const: type },
        with: withByType[type],
        timeoutSeconds: seconds(1, STEP_LIMITS.maxTimeoutSeconds),
        retries: { type: 'integer', minimum: 0, maximum: STEP_LIMITS.maxRetries },
        condition: reference,
        onFailure: { enum: compensation ? ON_FAILURE.filter((policy) => policy !== 'compensate') : [...ON_FAILURE] },
        ungraceful: { enum: [...UNGRACEFUL_BEHAVIOURS] },
        ...(compensation
          ? {}
          : { compensate: { type: 'array', minItems: 1, maxItems: 20, items: { $ref: '#/$defs/compensationStep' } } }),
      },
      ['name', 'type', 'with', 'ungraceful'],
    ),
  );
}

const taggedStep = (compensation: boolean) => ({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: stepBranches(compensation),
});

/** An object with `parallel` is a group; anything else must be a step. */
const isGroup = { type: 'object', required: ['parallel'] };

export const runbookSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://fleetplane.io/schemas/runbook/v1',
  title: 'Fleetplane runbook',
  ...closedObject(
    {
      apiVersion: { const: RUNBOOK_API_VERSION },
      kind: { const: RUNBOOK_KIND },
      metadata: closedObject({ name: dnsLabel, description: text }, ['name']),
      spec: closedObject(
        {
          inputs: {
            type: 'object',
            maxProperties: 50,
            propertyNames: { pattern: INPUT_NAME_PATTERN, maxLength: 63 },
            additionalProperties: { $ref: '#/$defs/input' },
          },
          rto: closedObject({ objectiveSeconds: seconds(1, 7 * 86_400) }, ['objectiveSeconds']),
          steps: { type: 'array', minItems: 1, maxItems: 200, items: { $ref: '#/$defs/entry' } },
        },
        ['steps'],
      ),
    },
    ['apiVersion', 'kind', 'metadata', 'spec'],
  ),
  $defs: {
    input: closedObject(
      {
        type: { enum: [...INPUT_TYPES] },
        description: text,
        default: { type: ['string', 'number', 'boolean', 'array'], items: name },
        required: { type: 'boolean' },
      },
      ['type'],
    ),
    clusterSet,
    entry: { if: isGroup, then: { $ref: '#/$defs/parallelGroup' }, else: { $ref: '#/$defs/step' } },
    parallelGroup: closedObject(
      {
        name: dnsLabel,
        description: text,
        parallel: { type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/$defs/groupMember' } },
      },
      ['name', 'parallel'],
    ),
    groupMember: {
      if: isGroup,
      then: { not: {}, 'x-problem': 'is a group inside a group; parallel groups nest one level only' },
      else: { $ref: '#/$defs/step' },
    },
    step: taggedStep(false),
    compensationStep: taggedStep(true),
  },
} as const;
