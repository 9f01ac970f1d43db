import { ApiRequest, ApiResponse } from './exchange';
import { ApiError, badRequest, statusFailure } from '../api/api-error';
import { ClusterApi, DeleteOptions, PatchType, PropagationPolicy, Subresource, WriteContext } from '../api/cluster-api';
import { ResourceType, apiVersionOf } from '../api/resource-catalog';
import { JsonObject, KubeObject, isJsonObject } from '../api/types';
import { SERVER_VERSION, apiGroup, apiGroupList, apiResourceList, apiVersions } from '../discovery/discovery';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  aggregatedDiscoveryVersion,
} from '../discovery/aggregated-discovery';
import { openApiGroupVersionDocument, openApiIndex } from '../discovery/openapi';
import { parseFieldSelector, parseLabelSelector } from '../storage/selectors';
import { readBody, sendJson, sendStatus } from './http-io';
import { checkObjectFields, checkPatchFields } from './field-checks';
import { parseAccept, readObjectBody, readOptionsBody, requireJsonAccepted } from './media-types';
import { Route, resolveRoute } from './route';
import { toTable, wantsTable } from './table';
import { serveWatch } from './watch';
import { answerAccessReview, isAccessReviewPath } from './access-reviews';
import { isPodSubresource, servePodSubresource } from './pod-subresources';
import { warningHeaders } from '../validation/field-validation';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export interface HandlerOptions {
  serverAddress: string;
  watchEventDelayMs: () => number;
}

/** Serves the Kubernetes REST API of one cluster (authentication and faults happen before this). */
export async function handleApiRequest(
  api: ClusterApi,
  request: ApiRequest,
  response: ApiResponse,
  options: HandlerOptions,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'https://sandbox');
  const route = resolveRoute(url.pathname, api.catalog);
  try {
    if (isAccessReviewPath(url.pathname)) await answerAccessReview(url.pathname, request, response);
    else if (route.kind === 'resource' && route.name && isPodSubresource(route.type, route.subresource))
      servePodSubresource(api, route.type, route.namespace, route.name, route.subresource!, url.searchParams, response);
    else if (route.kind === 'resource') await handleResource(api, route, url.searchParams, request, response, options);
    else handleDiscovery(api, route, request, response, options);
  } catch (error) {
    if (error instanceof ApiError) sendStatus(response, error.status);
    else
      sendStatus(response, statusFailure(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`));
  }
}

function handleDiscovery(
  api: ClusterApi,
  route: Route,
  request: ApiRequest,
  response: ApiResponse,
  options: HandlerOptions,
): void {
  if ((request.method ?? 'GET') !== 'GET')
    throw new ApiError(
      statusFailure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`),
    );
  const aggregated = aggregatedDiscoveryVersion(parseAccept(request.headers.accept));
  if (aggregated && (route.kind === 'coreVersions' || route.kind === 'groupList')) {
    const body = aggregatedDiscovery(api.catalog, route.kind === 'coreVersions', aggregated);
    sendJson(response, 200, body, { 'Content-Type': aggregatedDiscoveryContentType(aggregated), Vary: 'Accept' });
    return;
  }
  let body: JsonObject | undefined;
  switch (route.kind) {
    case 'version':
      body = SERVER_VERSION;
      break;
    case 'health':
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
      return;
    case 'coreVersions':
      body = apiVersions(options.serverAddress);
      break;
    case 'groupList':
      body = apiGroupList(api.catalog);
      break;
    case 'group':
      body = apiGroup(api.catalog, route.group);
      break;
    case 'resourceList':
      body = apiResourceList(api.catalog, route.group, route.version);
      break;
    case 'openApiIndex':
      body = openApiIndex(api.catalog);
      break;
    case 'openApiDocument':
      body = openApiGroupVersionDocument(api.catalog, route.group, route.version);
      break;
  }
  if (!body) throw new ApiError(statusFailure(404, 'NotFound', 'the server could not find the requested resource'));
  sendJson(response, 200, body);
}

function writeContext(query: URLSearchParams, request: ApiRequest): WriteContext {
  return {
    dryRun: query.getAll('dryRun').includes('All'),
    fieldManager: query.get('fieldManager') ?? undefined,
    force: query.get('force') === 'true',
    userAgent: request.headers['user-agent'],
  };
}

function present(type: ResourceType, object: KubeObject): KubeObject {
  const version = apiVersionOf(type);
  return object.apiVersion === version || object.kind === 'Scale' ? object : { ...object, apiVersion: version };
}

function subresourceOf(type: ResourceType, subresource: string | undefined): Subresource | undefined {
  if (subresource === undefined) return undefined;
  if ((subresource === 'status' || subresource === 'scale') && type.subresources.includes(subresource))
    return subresource;
  throw new ApiError(statusFailure(404, 'NotFound', 'the server could not find the requested resource'));
}

async function handleResource(
  api: ClusterApi,
  route: Extract<Route, { kind: 'resource' }>,
  query: URLSearchParams,
  request: ApiRequest,
  response: ApiResponse,
  options: HandlerOptions,
): Promise<void> {
  const { type, namespace, name } = route;
  const subresource = subresourceOf(type, route.subresource);
  const method = request.method ?? 'GET';
  const table = wantsTable(request.headers.accept);
  const context = writeContext(query, request);

  if (method === 'GET' && (query.get('watch') === 'true' || query.get('watch') === '1')) {
    let labels;
    let fieldSelector;
    try {
      labels = parseLabelSelector(query.get('labelSelector'));
      fieldSelector = parseFieldSelector(query.get('fieldSelector'));
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    serveWatch(api, request, response, {
      type,
      namespace,
      name,
      labels,
      fieldSelector,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      timeoutSeconds: Number(query.get('timeoutSeconds') ?? 0) || undefined,
      bookmarks: query.get('allowWatchBookmarks') === 'true',
      asTable: table,
      eventDelayMs: options.watchEventDelayMs,
    });
    return;
  }
  requireJsonAccepted(request.headers.accept);

  if (name === undefined) {
    if (method === 'GET') {
      const limit = Number(query.get('limit') ?? 0);
      const result = api.list(type, namespace, {
        labelSelector: query.get('labelSelector'),
        fieldSelector: query.get('fieldSelector'),
        limit: Number.isFinite(limit) ? limit : 0,
        continue: query.get('continue'),
      });
      const metadata: JsonObject = {
        resourceVersion: result.resourceVersion,
        ...(result.continue ? { continue: result.continue, remainingItemCount: result.remainingItemCount } : {}),
      };
      if (table) sendJson(response, 200, toTable(type, result.items, metadata));
      else
        sendJson(response, 200, {
          kind: `${type.kind}List`,
          apiVersion: apiVersionOf(type),
          metadata,
          items: result.items.map((item) => present(type, item)),
        });
      return;
    }
    if (method === 'POST') {
      const body = await readObjectBody(request);
      const warnings = checkObjectFields(type, subresource, body, query);
      const created = api.create(type, namespace, body.value, context);
      sendJson(response, 201, present(type, created), warningHeaders(warnings));
      return;
    }
    if (method === 'DELETE') {
      const deleteOptions = await deleteOptionsOf(query, request);
      const deleted = api.deleteCollection(
        type,
        namespace,
        { labelSelector: query.get('labelSelector'), fieldSelector: query.get('fieldSelector') },
        deleteOptions,
      );
      sendJson(response, 200, {
        kind: `${type.kind}List`,
        apiVersion: apiVersionOf(type),
        metadata: {},
        items: deleted.map((item) => present(type, item)),
      });
      return;
    }
    throw methodNotAllowed();
  }

  switch (method) {
    case 'GET': {
      const object = api.get(type, namespace, name);
      const body = subresource === 'scale' ? api.scaleOf(type, object) : present(type, object);
      sendJson(response, 200, table && !subresource ? toTable(type, [object]) : body);
      return;
    }
    case 'PUT': {
      const body = await readObjectBody(request);
      const warnings = checkObjectFields(type, subresource, body, query);
      const updated = api.update(type, namespace, name, body.value, context, subresource);
      sendJson(response, 200, present(type, updated), warningHeaders(warnings));
      return;
    }
    case 'PATCH': {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim();
      const patchType = PATCH_TYPES[contentType];
      if (!patchType) {
        throw new ApiError(
          statusFailure(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(', ')}`,
          ),
        );
      }
      const text = await readBody(request);
      const warnings = checkPatchFields(type, subresource, patchType, text, query);
      const existed = api.tryGet(type, namespace, name) !== undefined;
      const patched = api.patch(type, namespace, name, patchType, text, context, subresource);
      sendJson(response, existed ? 200 : 201, present(type, patched), warningHeaders(warnings));
      return;
    }
    case 'DELETE': {
      const { object, removed } = api.delete(type, namespace, name, await deleteOptionsOf(query, request));
      if (removed && type.kind !== 'Pod') {
        sendJson(response, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            ...(type.group ? { group: type.group } : {}),
            kind: type.resource,
            uid: object.metadata.uid,
          },
        });
      } else sendJson(response, 200, present(type, object));
      return;
    }
    default:
      throw methodNotAllowed();
  }
}

function methodNotAllowed(): ApiError {
  return new ApiError(
    statusFailure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
  );
}

async function deleteOptionsOf(query: URLSearchParams, request: ApiRequest): Promise<DeleteOptions> {
  const body = await readOptionsBody(request);
  const fromBody = isJsonObject(body) ? body : {};
  const policy = (query.get('propagationPolicy') ?? fromBody.propagationPolicy ?? undefined) as
    PropagationPolicy | undefined;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${String(policy)}"`);
  }
  const dryRun =
    query.getAll('dryRun').includes('All') || (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All'));
  const preconditions = isJsonObject(fromBody.preconditions)
    ? (fromBody.preconditions as DeleteOptions['preconditions'])
    : undefined;
  const orphan = fromBody.orphanDependents === true ? 'Orphan' : undefined;
  return { propagationPolicy: policy ?? orphan, dryRun, preconditions };
}
