# Shared by the local scripts: build the shaded jar when sources changed, and run a main class with Spark
# on the class path and the Java 17 options Spark needs outside spark-submit.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Where data sets live when a config names no data.path, as ai.equilibrium.data.DataLocations finds them:
# $EQUILIBRIUM_DATA (default $HOME/.cache/equilibrium); Fashion-MNIST there, else Debian's package folder.
data_root() { echo "${EQUILIBRIUM_DATA:-$HOME/.cache/equilibrium}"; }
fashion_mnist_dir() {
  if [[ -f "$(data_root)/fashion-mnist/train-images-idx3-ubyte.gz" ]]; then
    echo "$(data_root)/fashion-mnist"
  else
    echo /usr/share/datasets/fashion-mnist
  fi
}
has_fashion_mnist() { [[ -f "$(fashion_mnist_dir)/train-images-idx3-ubyte.gz" ]]; }
ensure_fashion_mnist() {
  if ! has_fashion_mnist; then
    echo "equilibrium: installing Fashion-MNIST (Debian package dataset-fashion-mnist)" >&2
    apt_install dataset-fashion-mnist
  fi
}

# True if a HOCON file, or a file it includes (include "x.conf", relative to it), has a line matching $2 (an
# extended regular expression), for example 'source *= *"?fashion-mnist'.
config_sets() {
  local file=$1 pattern=$2 included
  [[ -f "$file" ]] || return 1
  grep -Eq "$pattern" "$file" && return 0
  for included in $(sed -nE 's/^ *include +"([^"]+)".*/\1/p' "$file"); do
    config_sets "$(dirname "$file")/$included" "$pattern" && return 0
  done
  return 1
}

# MNIST-M-style backgrounds from photos (data.mnistm.backgrounds = photos) read Debian's mate-backgrounds photos
# unless the config points data.mnistm.photos elsewhere.
ensure_background_photos() {
  if [[ ! -d /usr/share/backgrounds/mate/nature ]]; then
    echo "equilibrium: installing background photos (Debian package mate-backgrounds)" >&2
    apt_install mate-backgrounds
  fi
}

# Sets $jar and $classpath_file, building first if the jar is missing or older than a source.
ensure_build() {
  cd "$root"
  jar=$(ls jobs/target/equilibrium-jobs-*-spark.jar 2>/dev/null | head -n 1 || true)
  classpath_file=jobs/target/provided-classpath.txt
  # (the class path file too: a jar built by a plain mvn install after a pom change leaves it stale)
  if [[ -z "$jar" || ! -f "$classpath_file" \
      || -n "$(find common/src jobs/src pom.xml common/pom.xml jobs/pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" \
      || -n "$(find pom.xml common/pom.xml jobs/pom.xml -newer "$classpath_file" 2>/dev/null | head -n 1)" ]]; then
    command -v mvn >/dev/null || apt_install maven
    echo "equilibrium: building (mvn package)" >&2
    mvn -B -q -DskipTests package dependency:build-classpath \
      -Dmdep.includeScope=provided -Dmdep.outputFile=target/provided-classpath.txt >&2
    jar=$(ls jobs/target/equilibrium-jobs-*-spark.jar | head -n 1)
  fi
}

# OpenBLAS picks its kernels by processor model, and on a model it does not know (a new AMD EPYC, a virtual
# machine's generic model) falls back to slow SSE-era kernels; naming the AVX2 family on every processor that has
# AVX2 and FMA gives full speed and the same kernels (so the same bits) on all of them (README, Determinism).
# OPENBLAS_CORETYPE set by the user wins. Says so once.
pin_native_kernels() {
  [[ -z "${OPENBLAS_CORETYPE:-}" && "$(uname -m)" == x86_64 ]] || return 0
  local flags
  flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
  [[ " $flags " == *" avx2 "* && " $flags " == *" fma "* ]] || return 0
  export OPENBLAS_CORETYPE=Haswell
  echo "equilibrium: OpenBLAS kernels: Haswell (AVX2), the same on every AVX2 processor; OPENBLAS_CORETYPE chooses others" >&2
}

# run_main CLASS ARGS...: runs a main class of the shaded jar with Spark beside it.
run_main() {
  local main_class="$1"
  shift
  pin_native_kernels
  ensure_build
  # Everything Spark and the executors log, stack traces included, goes here rather than to the terminal.
  mkdir -p "$root/logs"
  export EQUILIBRIUM_LOG_FILE="${EQUILIBRIUM_LOG_FILE:-$root/logs/${main_class##*.}-$(date +%Y%m%d-%H%M%S).log}"
  # Spark local mode runs one task per core: one native thread per task keeps ND4J from oversubscribing.
  OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-${OMP_NUM_THREADS:-1}} \
    java ${JAVA_OPTS:-} $(cat "$root/submit-scripts/java17-options") \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -Dequilibrium.log.file="$EQUILIBRIUM_LOG_FILE" \
    -cp "$jar:$(cat "$classpath_file")" "$main_class" "$@"
}
