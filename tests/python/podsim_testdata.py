"""Paths and inline fixtures shared by the Python tests (imported by
conftest.py and the test modules; a uniquely named module so that it cannot
collide with another folder's conftest)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "tests" / "data"
SHARED_DIR = Path(os.environ.get("PODSIM_SHARED_DIR", REPO.parent / "shared"))


# A small cluster as YAML text, used where a test must not depend on the
# fixture files: two nodes in two zones, three pods (one pending, one
# finished), a deployment.
SMALL_YAML = """\
apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels:
    kubernetes.io/hostname: worker-1
    topology.kubernetes.io/zone: zone-a
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: 3500m, memory: 7Gi, pods: "110"}
  conditions:
  - type: Ready
    status: "True"
    lastTransitionTime: "2025-01-01T00:00:00Z"
---
apiVersion: v1
kind: Node
metadata:
  name: worker-2
  labels:
    topology.kubernetes.io/zone: zone-b
spec:
  unschedulable: true
  taints:
  - key: dedicated
    value: gpu
    effect: NoSchedule
status:
  capacity: {cpu: "8", memory: 16Gi}
  allocatable: {cpu: "8", memory: 16Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: default
  labels: {app: web}
  creationTimestamp: "2025-01-01T00:00:00Z"
spec:
  nodeName: worker-1
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 500m, memory: 1Gi}
status:
  phase: Running
  startTime: "2025-01-01T00:00:05Z"
  containerStatuses:
  - name: app
    ready: true
    restartCount: 0
    image: nginx:1.27
    state:
      running: {startedAt: "2025-01-01T00:00:05Z"}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: default
  labels: {app: web}
  creationTimestamp: "2025-01-01T00:00:00Z"
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: "1", memory: 512Mi}
  initContainers:
  - name: init
    image: busybox
    resources:
      requests: {cpu: "2"}
status:
  phase: Pending
---
apiVersion: v1
kind: Pod
metadata:
  name: batch-0
  namespace: jobs
  creationTimestamp: "2025-01-01T00:00:00Z"
spec:
  nodeName: worker-1
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    resources:
      requests: {cpu: 250m}
status:
  phase: Succeeded
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests: {cpu: 500m, memory: 1Gi}
status:
  replicas: 2
  readyReplicas: 1
"""
