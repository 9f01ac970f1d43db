import { ApiError, badRequest, statusFailure } from '../api/api-error';
import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { ApiRequest, ApiResponse } from './exchange';
import { readBody, sendJson } from './http-io';

const REVIEWS_PATH = /^\/apis\/authorization\.k8s\.io\/v1\/(selfsubjectaccessreviews|selfsubjectrulesreviews)\/?$/;
const ALLOWED_REASON = 'the sandbox token is the cluster admin: every request is allowed';

export function isAccessReviewPath(pathname: string): boolean {
  return REVIEWS_PATH.test(pathname);
}

/**
 * Answers SelfSubjectAccessReview (kubectl auth can-i) and SelfSubjectRulesReview (can-i --list) for
 * the sandbox's only user, its admin: everything is allowed. Reviews are answered, never stored.
 */
export async function answerAccessReview(pathname: string, request: ApiRequest, response: ApiResponse): Promise<void> {
  if (request.method !== 'POST')
    throw new ApiError(
      statusFailure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
    );
  // kubectl auth can-i sends its review as protobuf. The answer does not depend on what was asked, so
  // the sandbox reads only a JSON body (to echo its spec) and answers a protobuf one without it.
  const raw = await readBody(request);
  const contentType = request.headers['content-type'] ?? 'application/json';
  const review = contentType.startsWith('application/vnd.kubernetes.protobuf') ? {} : parseReview(raw);
  const kind =
    REVIEWS_PATH.exec(pathname)![1] === 'selfsubjectaccessreviews'
      ? 'SelfSubjectAccessReview'
      : 'SelfSubjectRulesReview';
  const status: JsonObject =
    kind === 'SelfSubjectAccessReview'
      ? { allowed: true, reason: ALLOWED_REASON }
      : {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        };
  sendJson(response, 201, {
    kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: isJsonObject(review.spec) ? review.spec : {},
    status,
  });
}

function parseReview(raw: string): JsonObject {
  let body: JsonValue;
  try {
    body = JSON.parse(raw || '{}') as JsonValue;
  } catch (error) {
    throw badRequest(`the body of the request was in an unknown format: ${(error as Error).message}`);
  }
  if (!isJsonObject(body)) throw badRequest('the body of the request must be a JSON object');
  return body;
}
