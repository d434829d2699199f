package beginibridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The container image and the Kubernetes manifests are where the bridge's process is locked down, and nothing runs
 * them here (no Docker engine, no cluster); this reads them as the runtime would, so that an edit cannot silently
 * drop a setting: the base image pinned by digest, the exit on OutOfMemoryError wherever the server is started, the
 * pod's security context, a CPU limit, a writable /tmp under a read-only root, and egress only to what the bridge
 * delivers to.
 */
class DeployManifestsTest {

    private static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void should_build_on_a_jre_image_named_by_digest() throws IOException {
        List<String> froms = instructions("FROM");

        assertThat(froms).isNotEmpty().allSatisfy(from ->
                assertThat(from).matches("eclipse-temurin:17-jre@sha256:[0-9a-f]{64}( AS \\S+)?"));
    }

    @Test
    void should_exit_on_out_of_memory_in_the_image() throws IOException {
        List<String> entrypoint = List.of(
                new ObjectMapper().readValue(instructions("ENTRYPOINT").get(0), String[].class));

        assertThat(entrypoint).startsWith("java").contains(EXIT_ON_OOM);
        assertThat(entrypoint.indexOf(EXIT_ON_OOM)).isLessThan(entrypoint.indexOf("-jar"));
    }

    @Test
    void should_exit_on_out_of_memory_in_every_server_start_the_readme_shows() throws IOException {
        Pattern serverStart = Pattern.compile("java .*-jar \\S*begini-bridge\\.jar(?! (send|sign|preview|check-begini|replay|--help))");
        List<String> starts = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> serverStart.matcher(line).find())
                .toList();

        assertThat(starts).isNotEmpty().allSatisfy(line -> assertThat(line).contains(EXIT_ON_OOM));
    }

    @Test
    void should_run_the_pod_without_token_privilege_capability_or_writable_root() throws IOException {
        Map<String, Object> pod = map(map(only("Deployment").get("spec"), "template"), "spec");
        Map<String, Object> podContext = map(pod, "securityContext");

        assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
        for (Map<String, Object> container : maps(pod, "containers")) {
            Map<String, Object> context = map(container, "securityContext");
            assertThat(effective("runAsNonRoot", context, podContext)).isEqualTo(true);
            assertThat(effective("runAsUser", context, podContext)).isEqualTo(imageUid());
            assertThat(effective("seccompProfile", context, podContext)).isEqualTo(Map.of("type", "RuntimeDefault"));
            assertThat(context.get("allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(context.get("readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(map(context, "capabilities").get("drop")).isEqualTo(List.of("ALL"));

            Map<String, Object> resources = map(container, "resources");
            assertThat(map(resources, "requests")).containsKey("cpu");
            assertThat(map(resources, "limits")).containsKey("cpu");

            List<Object> command = new ArrayList<>();
            command.addAll(values(container, "command"));
            command.addAll(values(container, "args"));
            if (command.toString().contains("java")) {
                assertThat(command).contains(EXIT_ON_OOM);
            }
        }
    }

    @Test
    void should_give_the_jvm_and_vertx_a_writable_tmp_under_the_read_only_root() throws IOException {
        Map<String, Object> pod = map(map(only("Deployment").get("spec"), "template"), "spec");
        Set<String> emptyDirs = new HashSet<>();
        for (Map<String, Object> volume : maps(pod, "volumes")) {
            if (volume.containsKey("emptyDir")) {
                emptyDirs.add((String) volume.get("name"));
            }
        }

        for (Map<String, Object> container : maps(pod, "containers")) {
            assertThat(maps(container, "volumeMounts"))
                    .anySatisfy(mount -> {
                        assertThat(mount.get("mountPath")).isEqualTo("/tmp");
                        assertThat(emptyDirs).contains((String) mount.get("name"));
                        assertThat(mount.get("readOnly")).isNotEqualTo(true);
                    });
        }
        assertThat(instructions("ENTRYPOINT").get(0)).contains("-Dvertx.cacheDirBase=/tmp/");
    }

    @Test
    void should_let_out_only_the_database_crm_smtp_and_dns_and_keep_the_management_ingress() throws IOException {
        Map<String, Object> settings = map(only("ConfigMap"), "data");
        URI database = URI.create(((String) settings.get("DB_URL")).substring("jdbc:".length()));
        URI crm = URI.create((String) settings.get("CRM_URL"));
        Set<String> expected = Set.of(
                "TCP/" + database.getPort(),
                "TCP/" + (crm.getPort() > 0 ? crm.getPort() : crm.getScheme().equals("https") ? 443 : 80),
                "TCP/" + settings.get("SMTP_PORT"),
                "UDP/53",
                "TCP/53");

        List<Map<String, Object>> egress = policies("Egress");
        assertThat(egress).hasSize(1);
        Map<String, Object> spec = map(egress.get(0), "spec");
        assertThat(map(spec, "podSelector").get("matchLabels")).isEqualTo(Map.of("app", "begini-bridge"));
        Set<String> allowed = new HashSet<>();
        for (Map<String, Object> rule : maps(spec, "egress")) {
            assertThat(maps(rule, "to")).as("every egress rule names its peers").isNotEmpty();
            assertThat(maps(rule, "ports")).as("every egress rule names its ports").isNotEmpty();
            for (Map<String, Object> port : maps(rule, "ports")) {
                allowed.add(port.getOrDefault("protocol", "TCP") + "/" + port.get("port"));
            }
        }
        assertThat(allowed).isEqualTo(expected);

        assertThat(policies("Ingress")).hasSize(1);
    }

    private static List<String> instructions(String keyword) throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile")).replaceAll("\\\\\\n\\s*", "");
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^" + keyword + "\\s+(.+)$").matcher(dockerfile);
        while (matcher.find()) {
            found.add(matcher.group(1).trim());
        }
        return found;
    }

    private static Integer imageUid() throws IOException {
        List<String> users = instructions("USER");
        assertThat(users).hasSize(1);
        return Integer.valueOf(users.get(0).split(":")[0]);
    }

    private static Object effective(String key, Map<String, Object> container, Map<String, Object> pod) {
        return container.containsKey(key) ? container.get(key) : pod.get(key);
    }

    private static List<Map<String, Object>> policies(String type) throws IOException {
        return manifests().stream()
                .filter(manifest -> "NetworkPolicy".equals(manifest.get("kind")))
                .filter(policy -> values(map(policy, "spec"), "policyTypes").equals(List.of(type)))
                .toList();
    }

    private static Map<String, Object> only(String kind) throws IOException {
        List<Map<String, Object>> ofKind = manifests().stream()
                .filter(manifest -> kind.equals(manifest.get("kind")))
                .toList();
        assertThat(ofKind).as("one " + kind + " in deploy/").hasSize(1);
        return ofKind.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> manifests() throws IOException {
        List<Map<String, Object>> manifests = new ArrayList<>();
        Load yaml = new Load(LoadSettings.builder().build());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("deploy"), "*.yaml")) {
            for (Path file : files) {
                for (Object document : yaml.loadAllFromString(Files.readString(file))) {
                    if (document != null) {
                        manifests.add((Map<String, Object>) document);
                    }
                }
            }
        }
        return manifests;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object parent, String key) {
        Object value = ((Map<String, Object>) parent).get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) (List<?>) values(parent, key);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> values(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Object>) value;
    }
}
