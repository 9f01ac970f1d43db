export interface AwsServicesOptions {
  /**
   * One endpoint for every AWS service the managed-services adapter calls (RDS, ElastiCache, S3, SQS,
   * Secrets Manager): an emulator such as moto_server. The SDKs' regional endpoints otherwise.
   */
  endpoint?: string;
  /** Regions discovery sweeps when the scope names none. */
  regions?: readonly string[];
  /** STS endpoint override for assumed-role credentials. */
  stsEndpoint?: string;
}
