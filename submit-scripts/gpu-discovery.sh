#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this host in the form Spark's resource scheduling expects,
# {"name": "gpu", "addresses": ["0", "1", ...]}.
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | sed 's/ //g' | awk '{printf "%s\"%s\"", (NR>1?",":""), $1}')
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
