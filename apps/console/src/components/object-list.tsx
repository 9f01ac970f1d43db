import type { KubeObject } from '../api/types';
import { objectKey } from '../diff/release-diff';
import { manifestYaml } from '../diff/yaml';
import { LazyDetails } from './lazy-details';
import { VirtualLines } from './virtual-lines';

/** Kubernetes objects by kind and namespace/name, each opening to its YAML. */
export function ObjectList({ objects, label }: { objects: readonly KubeObject[]; label: string }) {
  return (
    <ul class="plain objects" aria-label={label}>
      {objects.map((object) => {
        const key = objectKey(object);
        return (
          <li key={key} data-object={key}>
            <LazyDetails summary={<ObjectName object={object} />}>
              {() => (
                <VirtualLines
                  rows={manifestYaml(object).replace(/\n$/, '').split('\n')}
                  label={`${key} YAML`}
                  render={yamlLine}
                />
              )}
            </LazyDetails>
          </li>
        );
      })}
    </ul>
  );
}

export function ObjectName({ object }: { object: KubeObject }) {
  const namespace = object.metadata.namespace;
  return (
    <>
      <strong>{object.kind}</strong> {namespace ? `${namespace}/` : ''}
      {object.metadata.name}
    </>
  );
}

function yamlLine(line: string) {
  return <code>{line}</code>;
}
