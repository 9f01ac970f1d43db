/** A real-world web application: namespace, config, deployment, service, ingress, autoscaler, budget. */
export const shopManifests = `# shop storefront
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront-config
  namespace: shop
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout-v2,search"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  namespace: shop
  labels:
    app.kubernetes.io/name: storefront
spec:
  replicas: 6
  selector:
    matchLabels:
      app.kubernetes.io/name: storefront
  template:
    metadata:
      labels:
        app.kubernetes.io/name: storefront
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/storefront:1.4.2
          ports:
            - name: http
              containerPort: 8080
          envFrom:
            - configMapRef:
                name: storefront-config
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
        - name: metrics
          image: prom/statsd-exporter:v0.26.0
      volumes:
        - name: cache
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: storefront
  namespace: shop
spec:
  selector:
    app.kubernetes.io/name: storefront
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
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
                  name: http
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: storefront
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: storefront
  minReplicas: 3
  maxReplicas: 12
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

/** An operator's CRD and one custom resource of it, in the same release. */
export const crdManifests = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: caches.platform.acme.io
spec:
  group: platform.acme.io
  scope: Namespaced
  names:
    plural: caches
    singular: cache
    kind: Cache
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [engine, sizeGb]
              properties:
                engine:
                  type: string
                  enum: [redis, memcached]
                sizeGb:
                  type: integer
---
apiVersion: platform.acme.io/v1
kind: Cache
metadata:
  name: sessions
spec:
  engine: redis
  sizeGb: 4
`;
