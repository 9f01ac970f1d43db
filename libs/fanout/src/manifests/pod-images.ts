import { FieldPath } from '../common/field-path';
import { cloneJson, isJsonObject, KubeObject } from '@fleetplane/objects';
import { valueAt } from './object-checker';

const podSpecPaths: Readonly<Record<string, FieldPath>> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const containerLists = ['initContainers', 'containers', 'ephemeralContainers'];

export interface ImageLocation {
  object: KubeObject;
  path: FieldPath;
}

/** Returns a copy of `object` with every container image passed through `rewrite`. */
export function rewriteImages(
  object: KubeObject,
  rewrite: (image: string, location: ImageLocation) => string,
): KubeObject {
  const podSpecPath = podSpecPaths[object.kind];
  if (podSpecPath === undefined) return object;
  const copy = cloneJson(object);
  const podSpec = valueAt(copy, podSpecPath);
  if (!isJsonObject(podSpec)) return object;
  for (const list of containerLists) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, index) => {
      if (isJsonObject(container) && typeof container['image'] === 'string') {
        container['image'] = rewrite(container['image'], { object, path: [...podSpecPath, list, index, 'image'] });
      }
    });
  }
  return copy;
}
