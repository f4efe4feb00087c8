# Finds a Java installation of at least a given feature version. Sourced by ./pigeon and .ci/run;
# safe under `set -euo pipefail`. Bash 3.2 compatible (macOS).
#
#   pigeon_pick_jdk MIN [javac]   prints the home of the first match, returns 1 if none
#
# Order: $JAVA_HOME, the `java` on PATH, then the usual install folders. Each candidate is judged
# by its `release` file (no JVM is started), so a look-up costs a few milliseconds.

# Prints the feature version (17, 21, 25...) of the Java home $1, or nothing.
pigeon_jdk_version() {
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  elif [ -x "$home/bin/java" ]; then
    # No release file (unusual builds): ask the JVM itself.
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = 1 ] && v=8 # "1.8.0_x": far too old anyway
  echo "$v"
}

# The Java home behind the `java` command on PATH (following symlinks such as /etc/alternatives).
pigeon_path_java_home() {
  local java
  java=$(command -v java 2>/dev/null) || return 1
  java=$(pigeon_realpath "$java")
  dirname "$(dirname "$java")"
}

# readlink -f, also where readlink has no -f (old macOS).
pigeon_realpath() {
  local p=$1 target
  if readlink -f / >/dev/null 2>&1; then readlink -f "$p"; return; fi
  while [ -L "$p" ]; do
    target=$(readlink "$p")
    case $target in /*) p=$target ;; *) p=$(dirname "$p")/$target ;; esac
  done
  echo "$(cd "$(dirname "$p")" && pwd -P)/$(basename "$p")"
}

pigeon_jdk_candidates() {
  [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME"
  pigeon_path_java_home 2>/dev/null || true
  if [ -x /usr/libexec/java_home ]; then
    /usr/libexec/java_home -v "$1+" 2>/dev/null || true
  fi
  local d
  for d in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* \
    "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
    [ -d "$d" ] && echo "$d"
  done
  return 0
}

pigeon_pick_jdk() {
  local min=$1 need=${2:-java} home v
  while IFS= read -r home; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    [ "$need" = javac ] && { [ -x "$home/bin/javac" ] || continue; }
    v=$(pigeon_jdk_version "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] 2>/dev/null; then
      echo "$home"
      return 0
    fi
  done <<EOF
$(pigeon_jdk_candidates "$min")
EOF
  return 1
}
