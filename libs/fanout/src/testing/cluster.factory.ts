import { ClusterCandidate, ClusterCapacity, ClusterHealth } from '../placement/cluster-candidate';

const defaultRegions: Readonly<Record<string, string>> = { aws: 'eu-west-1', gcp: 'europe-west1', azure: 'westeurope' };

/** Builds a ClusterCandidate; every field has a sensible default so a test states only what matters to it. */
export class ClusterBuilder {
  private cluster: ClusterCandidate;

  constructor(name: string) {
    this.cluster = {
      id: `id-${name}`,
      name,
      cloud: 'aws',
      region: defaultRegions['aws'],
      environment: 'prod',
      labels: {},
      health: 'Healthy',
      cordoned: false,
    };
  }

  on(cloud: string, region = defaultRegions[cloud] ?? 'region-1'): this {
    this.cluster = { ...this.cluster, cloud, region };
    return this;
  }

  inRegion(region: string): this {
    this.cluster = { ...this.cluster, region };
    return this;
  }

  inEnvironment(environment: string): this {
    this.cluster = { ...this.cluster, environment };
    return this;
  }

  labelled(labels: Record<string, string>): this {
    this.cluster = { ...this.cluster, labels: { ...this.cluster.labels, ...labels } };
    return this;
  }

  withHealth(health: ClusterHealth): this {
    this.cluster = { ...this.cluster, health };
    return this;
  }

  cordoned(): this {
    this.cluster = { ...this.cluster, cordoned: true };
    return this;
  }

  withCapacity(capacity: ClusterCapacity): this {
    this.cluster = { ...this.cluster, capacity };
    return this;
  }

  build(): ClusterCandidate {
    return structuredClone(this.cluster);
  }
}

export function aCluster(name: string): ClusterBuilder {
  return new ClusterBuilder(name);
}

/** Two production clusters on each of AWS, GCP and Azure, plus a canary and a staging cluster. */
export function multicloudFleet(): ClusterCandidate[] {
  return [
    aCluster('eks-canary').on('aws').labelled({ tier: 'canary' }).build(),
    aCluster('eks-eu-1').on('aws').build(),
    aCluster('eks-us-1').on('aws', 'us-east-1').build(),
    aCluster('gke-eu-1').on('gcp').build(),
    aCluster('gke-us-1').on('gcp', 'us-central1').build(),
    aCluster('aks-eu-1').on('azure').build(),
    aCluster('aks-us-1').on('azure', 'eastus').build(),
    aCluster('eks-staging').on('aws').inEnvironment('staging').build(),
  ];
}
