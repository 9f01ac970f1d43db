export interface ManifestLimits {
  /** Total size of the release's manifests in bytes (UTF-8 text, or the JSON encoding of a parsed list). */
  maxBytes: number;
  maxDocuments: number;
  /** Size of YAML text once its aliases are expanded: a small text of nested aliases can stand for gigabytes. */
  maxExpandedBytes: number;
}

// Helm caps a release at 1 MiB for the same reason: it is stored whole and shipped to every cluster.
export const defaultManifestLimits: ManifestLimits = {
  maxBytes: 1024 * 1024,
  maxDocuments: 500,
  maxExpandedBytes: 4 * 1024 * 1024,
};
