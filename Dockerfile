# The bridge as a container image. Build the jar first (./mvnw -DskipTests package), then:
#   docker build -t begini-bridge:0.1.0 .
# The image holds the jar, its libraries and the packaged routes and templates; configuration comes from the
# environment, and routes/templates can be replaced by mounting folders (see deploy/).
FROM eclipse-temurin:17-jre

WORKDIR /app
COPY target/lib/ /app/lib/
COPY target/begini-bridge.jar /app/begini-bridge.jar
# A class-data sharing archive of what a start loads, from a training start that stops itself once up (README
# "Start faster"): the container starts in about half the time.
RUN CAMEL_MAIN_DURATIONMAXSECONDS=1 java -XX:ArchiveClassesAtExit=/app/begini-bridge.jsa -Xlog:cds=off \
        -Xlog:cds+dynamic=off -jar /app/begini-bridge.jar \
    && rm -rf /app/data && mkdir -p /app/data && chown 10001 /app/data

USER 10001
# The management port listens on all interfaces inside the container, for the probes; publish only 8080.
ENV MANAGEMENT_HOST=0.0.0.0
EXPOSE 8080 9876
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:SharedArchiveFile=/app/begini-bridge.jsa", "-jar", \
    "/app/begini-bridge.jar"]
