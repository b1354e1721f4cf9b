#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs this executor may use, as Spark's resource scheduling expects,
# {"name": "gpu", "addresses": ["0", ...]}, each address a CUDA ordinal as this process sees it.
# - Where the cluster manager isolates GPUs (YARN's GPU plugin, Kubernetes' device plugin, Docker), it sets
#   CUDA_VISIBLE_DEVICES or NVIDIA_VISIBLE_DEVICES to the executor's own devices, which CUDA numbers 0..n-1 in the
#   process: those ordinals, and nothing another executor owns.
# - Otherwise every GPU of the host (nvidia-smi): right for a standalone worker, whose discovery script this is
#   (spark.worker.resource.gpu.discoveryScript) and which hands each executor its own share of them.
visible=${CUDA_VISIBLE_DEVICES:-${NVIDIA_VISIBLE_DEVICES:-}}
if [[ -n "$visible" && "$visible" != all && "$visible" != none && "$visible" != void ]]; then
  count=$(tr ',' '\n' <<< "$visible" | grep -c .)
  addresses=$(seq 0 $((count - 1)) | awk '{printf "%s\"%s\"", (NR>1?",":""), $1}')
else
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | sed 's/ //g' | awk '{printf "%s\"%s\"", (NR>1?",":""), $1}')
fi
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
