import type { RunningControlPlane } from '../support/control-plane';

/** A real-world application: namespace, config, a Deployment with a Service, an Ingress and an HPA. */
export function storefrontManifests(image = 'ghcr.io/acme/storefront:1.0.0', extra = ''): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront-config
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  labels:
    app: storefront
spec:
  replicas: 2
  progressDeadlineSeconds: 3
  selector:
    matchLabels:
      app: storefront
  template:
    metadata:
      labels:
        app: storefront
    spec:
      containers:
        - name: web
          image: ${image}
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
---
apiVersion: v1
kind: Service
metadata:
  name: storefront
spec:
  selector:
    app: storefront
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port:
                  number: 80
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: storefront
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: storefront
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
${extra}`;
}

/** Creates the application over the API and publishes one release of {@link storefrontManifests} for it. */
export async function publishStorefront(
  plane: RunningControlPlane,
  admin: Record<string, string>,
  { application = 'storefront', namespace, version }: { application?: string; namespace: string; version: string },
): Promise<void> {
  await plane.http
    .post('/v1/applications')
    .set(admin)
    .send({ name: application, defaultNamespace: namespace })
    .expect(201);
  await plane.http
    .post(`/v1/applications/${application}/releases`)
    .set(admin)
    .send({ version, manifests: storefrontManifests() })
    .expect(201);
}
