import type { IpNetwork } from '@fleetplane/config';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Why an address is no place for a cluster's API server. */
export type AddressRefusal = 'loopback' | 'link-local' | 'unspecified' | 'control-plane';

/** Ranges that reach the control plane's own host or its cloud's metadata service, never a cluster. */
const FORBIDDEN_RANGES: ReadonlyArray<[AddressRefusal, IpNetwork]> = [
  ['loopback', { address: '127.0.0.0', prefix: 8, family: 'ipv4' }],
  ['loopback', { address: '::1', prefix: 128, family: 'ipv6' }],
  ['unspecified', { address: '0.0.0.0', prefix: 8, family: 'ipv4' }],
  ['unspecified', { address: '::', prefix: 128, family: 'ipv6' }],
  // 169.254.169.254 is the metadata service of AWS, GCP and Azure alike.
  ['link-local', { address: '169.254.0.0', prefix: 16, family: 'ipv4' }],
  ['link-local', { address: 'fe80::', prefix: 10, family: 'ipv6' }],
  // AWS's metadata service over IPv6 (Nitro instances).
  ['link-local', { address: 'fd00:ec2::254', prefix: 128, family: 'ipv6' }],
];

/**
 * Where the control plane may send a cluster's credentials: not to its own host (loopback, its interface
 * addresses), not to link-local addresses (the cloud's metadata service), unless the address is in a
 * network an admin allowed in configuration or is an endpoint the control plane itself started (the
 * sandbox clusters). IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export class ClusterAddressPolicy {
  private readonly forbidden = new Map<AddressRefusal, BlockList>();
  private readonly allowed = new BlockList();
  private readonly allowedEndpoints = new Set<string>();

  /** `ownAddresses`: the host's interface addresses; `ownInterfaceAddresses()` in production. */
  constructor(allowedNetworks: readonly IpNetwork[], ownAddresses: readonly string[]) {
    for (const [refusal, network] of FORBIDDEN_RANGES) this.listOf(refusal).addSubnet(...subnet(network));
    for (const address of ownAddresses) this.listOf('control-plane').addAddress(address, familyOf(address));
    for (const network of allowedNetworks) this.allowed.addSubnet(...subnet(network));
  }

  /** Allows exactly this address and port, whatever its range: an API server the control plane runs itself. */
  allowEndpoint(address: string, port: number): void {
    this.allowedEndpoints.add(endpointKey(address, port));
  }

  /** Why the API server at this IP address and port may not be connected to, or undefined when it may. */
  refusalOf(address: string, port: number): AddressRefusal | undefined {
    const family = familyOf(address);
    if (this.allowed.check(address, family) || this.allowedEndpoints.has(endpointKey(address, port))) return undefined;
    for (const [refusal, list] of this.forbidden) if (list.check(address, family)) return refusal;
    return undefined;
  }

  private listOf(refusal: AddressRefusal): BlockList {
    let list = this.forbidden.get(refusal);
    if (!list) this.forbidden.set(refusal, (list = new BlockList()));
    return list;
  }
}

/** The addresses of this host's network interfaces, as `os.networkInterfaces()` lists them. */
export function ownInterfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ''));
}

function subnet(network: IpNetwork): [string, number, 'ipv4' | 'ipv6'] {
  return [network.address, network.prefix, network.family];
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

function endpointKey(address: string, port: number): string {
  return `${address}|${port}`;
}
