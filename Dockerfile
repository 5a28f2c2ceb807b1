# syntax=docker/dockerfile:1.7
#
# Verdict container image, in three stages:
#   1. build    - compile and package the Spring Boot jar with the project's Maven wrapper on a JDK 17
#   2. extract  - split the jar into Spring Boot layers (dependencies change rarely, the application often)
#   3. runtime  - a JRE running the layers as an unprivileged user, with the rules of rules/ built in
#
#   docker build -t verdict .
#   docker run -p 8080:8080 verdict
#   docker run -p 8080:8080 -v "$PWD/my-rules:/rules:ro" -e VERDICT_RULES_PATHS=/rules verdict
#   docker run -p 8080:8080 -e VERDICT_SECURITY_REQUIREKEY=true \
#              -e VERDICT_SECURITY_KEYS_0_ID=soar -e VERDICT_SECURITY_KEYS_0_SHA256="$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)" verdict

############################################################################### 1. build
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /workspace

# The wrapper and the POM first, so that a change under src/ does not invalidate this layer.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw

COPY src/ src/
# The cache mount keeps ~/.m2 (the wrapper's Maven and every downloaded artifact) between builds without putting
# it in an image layer. Tests run in CI, not here (some need the reference data in ../shared, absent in the image).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package \
    && cp target/verdict-*.jar /workspace/app.jar

############################################################################### 2. extract
FROM eclipse-temurin:21-jre AS extract
WORKDIR /extract
COPY --from=build /workspace/app.jar app.jar
# Spring Boot's layertools: one directory per layer of BOOT-INF/layers.idx (dependencies, spring-boot-loader,
# snapshot-dependencies, application), each laid out as the jar is, so together they run with JarLauncher.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

############################################################################### 3. runtime
FROM eclipse-temurin:21-jre AS runtime

# curl is only for the HEALTHCHECK; the package lists are removed so that they do not bloat the layer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# A fixed, high uid/gid that collides with no user of the base image and suits runAsNonRoot policies.
RUN groupadd --system --gid 10001 verdict \
    && useradd --system --uid 10001 --gid verdict --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin verdict

WORKDIR /app
# Least to most frequently changed, so that a code change rebuilds only the last layers.
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./
COPY rules/ /app/rules/

# Files stay owned by root: the service only reads them. What it writes (uploaded rules, sequence state, the rule
# load cache) goes under /var/lib/verdict, owned by the service's user; mount a volume there to keep it.
RUN mkdir -p /var/lib/verdict/store /var/lib/verdict/state /var/lib/verdict/cache \
    && chown -R 10001:10001 /var/lib/verdict
# API keys: configure your own (VERDICT_SECURITY_KEYS_0_ID, _SHA256, _SCOPES; VERDICT_SECURITY_REQUIREKEY=true refuses
# to start without one). Without one, a key is generated on the first start and printed once to the log; only its
# SHA-256 is written to the volume (owner-only), so the same key stays valid across restarts and new containers on
# that volume. Delete /var/lib/verdict/api-key.sha256 and restart for a new key.
ENV VERDICT_RULES_PATHS=/app/rules \
    VERDICT_DATA_DIR=/var/lib/verdict \
    VERDICT_SECURITY_GENERATEDKEYFILE=/var/lib/verdict/api-key.sha256
VOLUME /var/lib/verdict
USER 10001:10001
EXPOSE 8080

# Readiness is UP only once the rules have been loaded (the "rules" health indicator is in the readiness group).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness || exit 1

# Out of memory, the JVM exits (code 3) rather than limp on answering nothing, and the orchestrator restarts it; no
# heap dump is written (it would be as large as the heap). To get one: JAVA_TOOL_OPTIONS="-XX:+HeapDumpOnOutOfMemoryError
# -XX:HeapDumpPath=/var/lib/verdict".
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "org.springframework.boot.loader.launch.JarLauncher"]
