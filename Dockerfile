# The bridge as a container image. Build the jar first (./mvnw -DskipTests package), then:
#   docker build -t begini-bridge:0.1.0 .
# The image holds the jar, its libraries and the packaged routes and templates; configuration comes from the
# environment, and the editable routes (routes/) and templates can be replaced by mounting folders (see deploy/).
#
# The base image is named by digest, so a rebuild gets exactly the JRE that was reviewed, not whatever the tag
# points to that day. The digest below is one that eclipse-temurin:17-jre has pointed to; move it deliberately,
# and before a first release, to take JRE and OS security updates: print the tag's current digest with
#   docker buildx imagetools inspect eclipse-temurin:17-jre     (or: crane digest eclipse-temurin:17-jre)
# and replace it (the index digest those print pins every platform).
FROM eclipse-temurin:17-jre@sha256:696817d4fb79b9c442e84e18483d8345dd2d0b6710546344e5eb182bd3153333

WORKDIR /app
COPY target/lib/ /app/lib/
COPY target/begini-bridge.jar /app/begini-bridge.jar
# A class-data sharing archive of what a start loads, from a training start that stops itself once up (README
# "Start faster"): the container starts in about half the time.
RUN CAMEL_MAIN_DURATIONMAXSECONDS=1 java -XX:ArchiveClassesAtExit=/app/begini-bridge.jsa -Xlog:cds=off \
        -Xlog:cds+dynamic=off -jar /app/begini-bridge.jar \
    && rm -rf /app/data /tmp/vertx-cache* && mkdir -p /app/data && chown 10001:10001 /app/data

USER 10001:10001
# The management port listens on all interfaces inside the container, for the probes; publish only 8080.
ENV MANAGEMENT_HOST=0.0.0.0
EXPOSE 8080 9876
# A process that has run out of heap exits (and is restarted) rather than stay up unable to serve. The root file
# system may be read-only (deploy/): Vert.x's file cache and any temporary file go under /tmp, which must then be
# writable (an emptyDir in Kubernetes); nothing is served from files, so nothing is cached there.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=60", \
    "-XX:SharedArchiveFile=/app/begini-bridge.jsa", "-Dvertx.cacheDirBase=/tmp/vertx-cache", \
    "-Dvertx.disableFileCaching=true", "-jar", "/app/begini-bridge.jar"]
