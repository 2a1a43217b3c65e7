#!/usr/bin/env bash
# A hepscan scan on Kubernetes with spark-submit (Spark's native Kubernetes support): the
# driver and the executors are pods of the image of ../docker/Dockerfile. NOT RUN where it
# was written (no Kubernetes cluster, and no spark-kubernetes jar for Spark 3.5.6 on the
# Maven mirror used): it needs a Spark 3.5 distribution for Scala 2.13 in SPARK_HOME.
#
#   K8S_API=https://k8s.example.org:6443 IMAGE=registry.example.org/hepscan:0.1.0 \
#   SPEC=s3a://physics-scans/specs/pmssm.yaml OUTPUT=s3a://physics-scans/runs/pmssm \
#     deploy/k8s/submit-k8s.sh [more spark-submit options]
#
# The spec is read by the driver from the object store (hepscan run takes hdfs:// and s3a://
# URIs). A local spec can travel with --files SPEC instead (then name it by its file name and
# set spark.kubernetes.file.upload.path to an s3a:// or hdfs:// directory, which Spark needs
# to upload it). S3 credentials come from the Kubernetes secret s3-credentials.
set -euo pipefail
: "${SPARK_HOME:?a Spark 3.5 distribution built for Scala 2.13}" "${K8S_API:?}" "${IMAGE:?}" "${SPEC:?}" "${OUTPUT:?}"
exec "$SPARK_HOME/bin/spark-submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster --name "hepscan-$(basename "${SPEC%.*}")" \
  --class org.hepscan.cli.Main \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.namespace="${NAMESPACE:-hepscan}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SERVICE_ACCOUNT:-spark}" \
  --conf spark.executor.instances="${NUM_EXECUTORS:-10}" \
  --conf spark.executor.cores="${EXECUTOR_CORES:-4}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-8g}" \
  --conf spark.driver.memory="${DRIVER_MEMORY:-4g}" \
  --conf spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.EnvironmentVariableCredentialsProvider \
  --conf spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID=s3-credentials:access-key \
  --conf spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY=s3-credentials:secret-key \
  --conf spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=s3-credentials:access-key \
  --conf spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY=s3-credentials:secret-key \
  "$@" \
  local:///opt/hepscan/hepscan-app.jar \
  run "$SPEC" --output "$OUTPUT" --resume --no-progress
