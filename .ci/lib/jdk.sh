# Finds a Java installation of at least a given feature version. Sourced by ./pigeon and .ci/run;
# safe under `set -euo pipefail`; bash 3.2 compatible (macOS). Results come back in variables,
# not on stdout, so the launcher's fast path starts no extra processes for them.
#
#   pigeon_pick_jdk MIN [javac]  -> PIGEON_JDK_HOME, PIGEON_JDK_VERSION, PIGEON_JDK_RUNTIME;
#                                   returns 1 if nothing qualifies
#   pigeon_jdk_version HOME      -> PIGEON_JDK_VERSION (feature number, e.g. 21) and
#                                   PIGEON_JDK_RUNTIME (e.g. 25.0.3+9-LTS), empty if unknown
#
# Order: $JAVA_HOME, the `java` on PATH, then the usual install folders (Debian/Ubuntu, macOS,
# /opt/java, SDKMAN!). Each candidate is judged by its `release` file; no JVM is started.

pigeon_jdk_version() {
  local home=$1 line v="" rt=""
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*) v=${line#JAVA_VERSION=} ;;
        JAVA_RUNTIME_VERSION=*) rt=${line#JAVA_RUNTIME_VERSION=} ;;
      esac
    done <"$home/release"
  elif [ -x "$home/bin/java" ]; then
    # No release file (unusual builds): ask the JVM itself.
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \(.*\)/\1/p' | head -n 1)
  fi
  v=${v//\"/} rt=${rt//\"/}
  v=${v%%[!0-9]*} # "25.0.3" -> 25, "1.8.0_412" -> 1
  [ "$v" = 1 ] && v=8
  PIGEON_JDK_VERSION=$v PIGEON_JDK_RUNTIME=$rt
  return 0
}

# True (and PIGEON_JDK_* set) if $1 is a Java home of feature version >= $2 (with javac if $3).
pigeon_jdk_try() {
  local home=$1 min=$2 need=${3:-java}
  [ -n "$home" ] && [ -x "$home/bin/java" ] || return 1
  [ "$need" != javac ] || [ -x "$home/bin/javac" ] || return 1
  pigeon_jdk_version "$home"
  [ -n "$PIGEON_JDK_VERSION" ] && [ "$PIGEON_JDK_VERSION" -ge "$min" ] 2>/dev/null || return 1
  PIGEON_JDK_HOME=$home
}

pigeon_pick_jdk() {
  local min=$1 need=${2:-java} dir java home
  PIGEON_JDK_HOME=""
  pigeon_jdk_try "${JAVA_HOME:-}" "$min" "$need" && return 0

  # The java on PATH, followed through its symlinks (/usr/bin/java -> /etc/alternatives/...).
  java=""
  local IFS=:
  for dir in $PATH; do
    if [ -x "${dir:-.}/java" ] && [ ! -d "${dir:-.}/java" ]; then java=${dir:-.}/java; break; fi
  done
  unset IFS
  if [ -n "$java" ]; then
    if [ -L "$java" ]; then
      java=$(readlink -f "$java" 2>/dev/null || python3 -c 'import os,sys; print(os.path.realpath(sys.argv[1]))' "$java" 2>/dev/null || echo "$java")
    fi
    home=${java%/bin/java}
    [ "$home" != "$java" ] && pigeon_jdk_try "$home" "$min" "$need" && return 0
  fi

  if [ -x /usr/libexec/java_home ]; then
    home=$(/usr/libexec/java_home -v "$min+" 2>/dev/null || true)
    pigeon_jdk_try "$home" "$min" "$need" && return 0
  fi

  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* \
    "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
    pigeon_jdk_try "$home" "$min" "$need" && return 0
  done
  return 1
}
