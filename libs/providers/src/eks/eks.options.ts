export interface EksOptions {
  /** Regions discovery sweeps when the scope names none. */
  regions?: readonly string[];
  /** EKS API endpoint override (an emulator, a VPC interface endpoint). The SDK default otherwise. */
  endpoint?: string;
  /** STS endpoint override for AssumeRole. Tokens always name the public regional STS host, which EKS trusts. */
  stsEndpoint?: string;
}
