import { JsonShape, json } from './json-shape';

// The JSON shapes of the deployment inputs the fan-out stages take (see placement-spec.ts,
// rollout-strategy.ts, override-spec.ts): checked before each stage's rules read them. A field its type
// does not mark optional is required here, so that the rules never read one that is not there.

const strings = json.array(json.string);

const labelSelector = json.fields({
  matchLabels: json.map(json.string),
  matchExpressions: json.array(
    json.fields({ key: json.required(json.string), operator: json.required(json.string), values: strings }),
  ),
});

export const placementShape: JsonShape = json.fields({
  clusters: strings,
  selector: labelSelector,
  clouds: strings,
  regions: strings,
  environments: strings,
  allowedHealth: strings,
  spread: json.array(
    json.fields({ topologyKey: json.required(json.string), minPerDomain: json.required(json.number) }),
  ),
  maxClusters: json.number,
  replicas: json.tagged('mode', {
    duplicate: {},
    divide: {
      weights: json.required(
        json.tagged('by', {
          equal: {},
          label: {
            labelKey: json.required(json.string),
            weights: json.required(json.map(json.number)),
            defaultWeight: json.number,
          },
          cluster: { weights: json.required(json.map(json.number)), defaultWeight: json.number },
          capacity: { resource: json.required(json.string) },
        }),
      ),
    },
  }),
});

const failureThreshold = json.fields({ maxFailures: json.number, maxFailedPercent: json.number });
const gate = json.tagged('type', { none: {}, pause: { seconds: json.required(json.number) }, approval: {} });
const commonStrategy = {
  maxUnavailableClusters: json.number,
  failureThreshold,
  rollbackOnHalt: json.boolean,
  maxConcurrency: json.number,
};

export const strategyShape: JsonShape = json.tagged('type', {
  AllAtOnce: { ...commonStrategy, maxConcurrency: json.required(json.number) },
  Waves: {
    ...commonStrategy,
    gateBetweenWaves: gate,
    waves: json.required(
      json.array(
        json.fields({
          name: json.required(json.string),
          select: json.fields({
            clusters: strings,
            selector: labelSelector,
            clouds: strings,
            regions: strings,
            environments: strings,
          }),
          maxClusters: json.number,
          perDomain: json.fields({ topologyKey: json.required(json.string), count: json.required(json.number) }),
          maxConcurrency: json.number,
          failureThreshold,
          after: gate,
        }),
      ),
    ),
  },
});

const pointer = { path: json.required(json.string) };
const valued = { ...pointer, value: json.required(json.any) };
const sourced = { ...pointer, from: json.required(json.string) };

export const overridesShape: JsonShape = json.array(
  json.fields({
    scope: json.required(
      json.tagged('level', {
        cloud: { cloud: json.required(json.string) },
        region: { region: json.required(json.string) },
        label: { selector: json.required(labelSelector) },
        cluster: { cluster: json.required(json.string) },
      }),
    ),
    target: json.required(
      json.fields({
        kind: json.required(json.string),
        name: json.required(json.string),
        namespace: json.string,
        apiVersion: json.string,
      }),
    ),
    patch: json.required(
      json.tagged('type', {
        merge: { patch: json.any },
        json: {
          operations: json.required(
            json.array(
              json.tagged('op', {
                add: valued,
                replace: valued,
                test: valued,
                remove: pointer,
                move: sourced,
                copy: sourced,
              }),
            ),
          ),
        },
      }),
    ),
  }),
);

export const imageRewritesShape: JsonShape = json.array(
  json.fields({
    cloud: json.required(json.string),
    from: json.required(json.string),
    to: json.required(json.string),
  }),
);
