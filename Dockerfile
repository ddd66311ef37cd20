# The DDALAB Sync Broker image. The build stage runs the README's build commands on Debian 12
# (tests/deployment checks that they are the same); the runtime stage holds the daemon, the Qt
# and other libraries it loads, and nothing else, and runs it as an unprivileged user.
#   docker build -t ddalab-broker .        or, with PostgreSQL: docker compose up -d

FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN scripts/install-deps
RUN cmake -S . -B BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
 && cmake --build BUILD \
 && DESTDIR=/staging cmake --install BUILD --prefix /usr

FROM debian:12
# The daemon's libraries; the Qt SQL drivers are plugins it loads by name.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates \
      libavahi-client3 \
      libjwt0 libsodium23 \
      libqt6core6 \
      libqt6httpserver6 \
      libqt6network6 \
      libqt6sql6 \
      libqt6sql6-psql \
      libqt6sql6-sqlite \
      libqt6websockets6 \
      libsystemd0 \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/ddalab-broker --create-home \
      --shell /usr/sbin/nologin ddalab-broker
COPY --from=build /staging/usr/sbin/ddalab-broker /usr/sbin/ddalab-broker

USER ddalab-broker
# The embedded SQLite database, when DATABASE_URL is unset, lives in this volume. A container
# rarely reaches the host's avahi-daemon, so mDNS announcing is off unless asked for.
ENV DATA_DIR=/var/lib/ddalab-broker \
    BIND_ADDR=0.0.0.0:8080 \
    DISCOVERY=off
VOLUME /var/lib/ddalab-broker
EXPOSE 8080
# The broker asks itself for /health on its own port (no curl in the image).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["ddalab-broker", "--check-health"]
# SIGTERM: connections finish what they sent and close with 1001 within SHUTDOWN_TIMEOUT_SECONDS.
STOPSIGNAL SIGTERM
ENTRYPOINT ["ddalab-broker"]
