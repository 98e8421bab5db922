#!/usr/bin/env bash
# A fleet of the sample app on one Docker network (README, "Running a fleet: Kafka outbox and relay"):
#   kafka     a one-node KRaft broker (vwo-push/kafka, built offline by .ci/docker-setup)
#   vwo       the sample app's own local collector, standing in for VWO
#   app-1/2   two instances with vwo.kafka.role=producer: they hand their dimensions to the topic
#   relay     one instance with vwo.kafka.role=relay: it delivers the topic to VWO
# VWO goes down, both instances accept dimensions, app-1 is killed (docker kill), VWO comes back, and what
# VWO received is printed. Everything it started is removed on exit, Ctrl-C included.
#
#   bash sample-app/fleet-demo.sh            (MVN_ARGS="..." adds arguments to the jar's build, if it is needed)
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
NAME=vwo-fleet-demo
IMAGE=vwo-push/sample-app:fleet-demo
PORT_VWO=${PORT_VWO:-18080}
PORT_APP_1=${PORT_APP_1:-18081}
PORT_APP_2=${PORT_APP_2:-18082}
PORT_RELAY=${PORT_RELAY:-18083}
USERS=(demo-user-1 demo-user-2 demo-user-3)
STEPS=5
SDK_KEY=fleet-demo-key-not-a-real-secret

started=$(date +%s)
say() { printf '\n[%3ss] %s\n' "$(($(date +%s) - started))" "$*"; }

# The sample jar, built if missing or made before the sample carried the Kafka module.
if [ ! -f "$JAR" ] || ! grep -aq 'BOOT-INF/lib/vwo-spring-boot-kafka-' "$JAR"; then
  say "Building the sample app's jar"
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MVN_ARGS:-} -pl sample-app -am package -DskipTests
fi

say "Docker and the images (.ci/docker-setup)"
bash .ci/docker-setup
KAFKA_IMAGE=$(docker image ls --format '{{.Repository}}:{{.Tag}}' vwo-push/kafka | head -n 1)

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "Removing the demo's containers, network and image"
  docker rm -f "$NAME-app-1" "$NAME-app-2" "$NAME-relay" "$NAME-vwo" "$NAME-kafka" >/dev/null 2>&1 || true
  docker network rm "$NAME" >/dev/null 2>&1 || true
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
}
cleanup >/dev/null # what an interrupted earlier run may have left
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Building $IMAGE from $JAR"
context=$(mktemp -d)
cp "$JAR" "$context/app.jar"
printf 'FROM vwo-push/jre17:local\nCOPY app.jar /app/app.jar\nEXPOSE 8080\nENTRYPOINT ["java", "-jar", "/app/app.jar"]\n' \
  >"$context/Dockerfile"
docker build -q -t "$IMAGE" "$context" >/dev/null 2>&1
rm -rf "$context"

say "Starting Kafka, VWO (the local collector), two producer instances and a relay"
docker network create "$NAME" >/dev/null
docker run -d --name "$NAME-kafka" --network "$NAME" --network-alias kafka "$KAFKA_IMAGE" \
  --override advertised.listeners=PLAINTEXT://kafka:9092 >/dev/null
# Without VWO_SDK_KEY the sample runs with the local-collector profile: it answers like VWO at /collector.
docker run -d --name "$NAME-vwo" --network "$NAME" --network-alias vwo -p "$PORT_VWO:8080" "$IMAGE" >/dev/null
member() { # name, host port, role
  docker run -d --name "$NAME-$1" --network "$NAME" -p "$2:8080" \
    -e VWO_ACCOUNT_ID=123456 -e VWO_SDK_KEY=$SDK_KEY -e VWO_BASE_URL=http://vwo:8080/collector \
    -e VWO_BATCH_LINGER=100ms -e VWO_RETRY_MAX_BACKOFF=1s \
    -e VWO_KAFKA_ENABLED=true -e VWO_KAFKA_ROLE="$3" -e SPRING_KAFKA_BOOTSTRAP_SERVERS=kafka:9092 \
    -e JAVA_TOOL_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" "$IMAGE" >/dev/null
}
member app-1 "$PORT_APP_1" producer
member app-2 "$PORT_APP_2" producer
member relay "$PORT_RELAY" relay

up() { curl -sf "localhost:$1/actuator/health" >/dev/null 2>&1; }
received() { curl -sf "localhost:$PORT_VWO/collector/received" | grep -o '"key"' | wc -l || true; }
for _ in $(seq 1 300); do
  up "$PORT_VWO" && up "$PORT_APP_1" && up "$PORT_APP_2" && up "$PORT_RELAY" \
    && docker logs "$NAME-kafka" 2>&1 | grep -q 'Kafka Server started' && break
  for container in kafka vwo app-1 app-2 relay; do
    if [ "$(docker inspect -f '{{.State.Running}}' "$NAME-$container")" != true ]; then
      docker logs "$NAME-$container" | tail -n 30
      echo "$NAME-$container stopped" >&2
      exit 1
    fi
  done
  sleep 1
done
up "$PORT_RELAY" || { echo "The fleet did not start in 5 minutes" >&2; exit 1; }

say "VWO goes down (the collector answers 503)"
curl -sf -X PUT "localhost:$PORT_VWO/collector/fault/outage" >/dev/null

say "app-1 and app-2 accept dimensions: plan=v1..v$STEPS for ${USERS[*]} on each"
pushed=0
for step in $(seq 1 "$STEPS"); do
  for user in "${USERS[@]}"; do
    for port in "$PORT_APP_1" "$PORT_APP_2"; do
      curl -sf -X POST "localhost:$port/users/$user-on-$port/segment" -H 'Content-Type: application/json' \
        -d "{\"plan\":\"v$step\"}" >/dev/null
      pushed=$((pushed + 2)) # plan, and the tenant the app adds
    done
  done
done
echo "$pushed dimensions accepted"

say "Waiting until each instance has handed all of them to Kafka (nothing pending)"
for port in "$PORT_APP_1" "$PORT_APP_2"; do
  for _ in $(seq 1 60); do
    curl -sf "localhost:$port/actuator/vwo" | grep -q '"pending":0' && break
    sleep 1
  done
  echo "instance on :$port, its outcomes: $(curl -sf "localhost:$port/actuator/vwo" | grep -o '"results":{[^}]*}')"
done
echo "VWO received so far: $(received)"

say "docker kill app-1"
docker kill "$NAME-app-1" >/dev/null

say "VWO comes back"
curl -sf -X PUT "localhost:$PORT_VWO/collector/fault/none" >/dev/null
for _ in $(seq 1 120); do
  count=$(received)
  [ "$count" -ge "$pushed" ] && break
  sleep 1
done

say "What VWO received through the relay ($count of the $pushed accepted; visitor UUIDs, never user ids)"
if command -v jq >/dev/null 2>&1; then
  curl -sf "localhost:$PORT_VWO/collector/received" | jq -r '.[] | "\(.visitor)  \(.key)=\(.value)"'
else
  curl -sf "localhost:$PORT_VWO/collector/received"
  echo
fi
[ "$count" -ge "$pushed" ] || { echo "Not everything arrived" >&2; exit 1; }
say "Every accepted dimension reached VWO, though app-1 was killed while VWO was down"
