import { LookupAddress, LookupAllOptions, LookupOptions, lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Decides which addresses the control plane may connect to for a cluster (the control plane's
 * `ClusterAddressPolicy`). Handed down to every connection, so a name that resolves differently at
 * connect time than at registration (DNS rebinding) is judged again on the address actually used.
 */
export interface AddressGuard {
  /** Why the IP address at this port may not be connected to (e.g. `loopback`), or undefined when it may. */
  refusalOf(address: string, port: number): string | undefined;
}

/** The guard refused every connection to a host, before anything was sent to it. */
export class ForbiddenAddress extends Error {
  readonly code = 'EADDRFORBIDDEN';

  constructor(
    readonly host: string,
    readonly refusal: string,
  ) {
    super(`${host} is a ${refusal} address, where no cluster may be`);
  }
}

export function isForbiddenAddress(error: unknown): error is ForbiddenAddress {
  return error instanceof ForbiddenAddress;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves `host` as a connection would (every address, or the IP itself) and throws ForbiddenAddress if any is refused. */
export async function checkHost(host: string, port: number, guard: AddressGuard): Promise<void> {
  const addresses = isIP(host) ? [host] : (await lookupAll(host)).map((entry) => entry.address);
  refuseAny(host, port, addresses, guard);
}

/**
 * A `lookup` for `net.connect` to `port` that fails with ForbiddenAddress when any address the name resolves
 * to is refused: the connection never opens, so no credential reaches it. Node does not call `lookup` for
 * an IP literal; {@link checkHost} judges those before connecting.
 */
export function guardedLookup(guard: AddressGuard, port: number) {
  return (host: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(host, { ...options, all: true } satisfies LookupAllOptions, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        refuseAny(
          host,
          port,
          addresses.map((entry) => entry.address),
          guard,
        );
      } catch (refused) {
        return callback(refused as ForbiddenAddress, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Judges an IP literal now: connecting to one never calls `lookup`. Throws ForbiddenAddress. */
export function checkLiteral(host: string, port: number, guard: AddressGuard): void {
  if (isIP(host)) refuseAny(host, port, [host], guard);
}

function refuseAny(host: string, port: number, addresses: string[], guard: AddressGuard): void {
  for (const address of addresses) {
    const refusal = guard.refusalOf(address, port);
    if (refusal !== undefined) throw new ForbiddenAddress(host, refusal);
  }
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}
