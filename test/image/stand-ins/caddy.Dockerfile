# Stand-in for caddy:2.11.2-alpine where no image registry is reachable: Debian's Caddy 2.6.2.
# It lacks what the Caddyfile needs 2.11.2 for (a POST retried on another replica, passive
# health of dynamic upstreams) and the global trusted_proxies, which run.sh drops.
FROM insyn-stand-in-base:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends caddy \
 && rm -rf /var/lib/apt/lists/*
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
