{{/*
Chart name, truncated to 63 characters (the DNS label limit of object names).
*/}}
{{- define "pulldoctor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: the release name, plus the chart name unless the release name already contains it.
*/}}
{{- define "pulldoctor.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "pulldoctor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels, on every object.
*/}}
{{- define "pulldoctor.labels" -}}
helm.sh/chart: {{ include "pulldoctor.chart" . }}
{{ include "pulldoctor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: pulldoctor
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels: stable across upgrades (a Deployment's selector is immutable).
*/}}
{{- define "pulldoctor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pulldoctor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the operator runs as.
*/}}
{{- define "pulldoctor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pulldoctor.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The operator image: repository@digest, or repository:tag (the tag defaults to the appVersion).
*/}}
{{- define "pulldoctor.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The leader election Lease's name.
*/}}
{{- define "pulldoctor.leaseName" -}}
{{- default (printf "%s-leader" (include "pulldoctor.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
RBAC rules on namespaced resources: exactly the calls the operator makes (deploy/rbac.yaml is generated
from this chart and checked against the API calls recorded by the operator's end-to-end tests).
*/}}
{{- define "pulldoctor.namespacedRules" -}}
# Stuck pods are found by a list+watch; a recovered pod is read once to confirm its images were pulled.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# The pods' pull-failure Events are the evidence: listed and watched per reason (field selectors reason and
# involvedObject.kind=Pod, one watch per reason), FailedCreatePodSandBox among them (a failed pull of the sandbox
# image shows nowhere else). PullDoctor's
# own are written through core/v1 as the kubelet's are (so they carry firstTimestamp, lastTimestamp and count):
# created, and patched when a repeat raises an Event's count.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["list", "watch", "create", "patch"]
# The service account's imagePullSecrets.
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get"]
{{- if .Values.probe.usePullSecrets }}
# The pods' pull secrets, read one by one by name for credentialed probes (probe.usePullSecrets).
# Never list or watch.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}
# The owner walk reads only the intermediate owners: ReplicaSet (to its Deployment) and Job (to its CronJob);
# a Deployment's ReplicaSets are listed per namespace (cached) to see a stuck rollout with an older one still ready.
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["get", "list"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get"]
# One ImagePullDiagnosis per stuck pod; its status is written only through the status subresource, and patch
# changes only its own labels (workload, cause) and bookkeeping annotation. PullDoctor's own (by label) are listed
# and watched: reconciles read them from that cache; get is the one live read after a create met AlreadyExists.
- apiGroups: ["pulldoctor.dev"]
  resources: ["imagepulldiagnoses"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["pulldoctor.dev"]
  resources: ["imagepulldiagnoses/status"]
  verbs: ["update"]
{{- end }}

{{/*
RBAC rules on cluster-scoped resources.
*/}}
{{- define "pulldoctor.clusterRules" -}}
# Node OS/architecture labels for platform checks.
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get"]
{{- end }}
