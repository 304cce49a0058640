# Sourced by the jtorch scripts: exports JAVA_HOME pointing at a JDK 25 or newer, or exits with advice.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/*25*, then any JDK on the PATH that is 25+.
java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}'
}
jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1")" -ge 25 ] 2>/dev/null
}
find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /usr/lib/jvm/*-3[0-9]*; do
    if jdk_ok "$d"; then export JAVA_HOME="$d"; return 0; fi
  done
  if command -v javac >/dev/null 2>&1; then
    local home
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if jdk_ok "$home"; then export JAVA_HOME="$home"; return 0; fi
  fi
  echo "jtorch needs a JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, nothing in /usr/lib/jvm/*25*)." >&2
  echo "Install one, e.g. Eclipse Temurin 25 (https://adoptium.net), and set JAVA_HOME to it." >&2
  exit 1
}
find_jdk25
