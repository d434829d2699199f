package beginibridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The libraries that face the internet or hold credentials are kept above the releases that fixed their published
 * advisories (README "Dependencies"). Camel's BOM asks for older ones, so the overrides in pom.xml win only while
 * they are imported first and name every module; this reads the jars actually on the class path, so a reordered
 * BOM, a dropped override or a Camel upgrade bringing one module at another version fails here.
 */
class DependencyVersionsTest {

    private static final Pattern JAR = Pattern.compile(
            "/((netty|vertx|postgresql|logback)(-[a-z0-9-]+)?)-(\\d+(\\.\\d+)*)(\\.Final)?\\.jar!/");

    @Test
    void should_run_netty_at_or_above_the_fix_for_transfer_encoding_smuggling_every_module_alike() throws IOException {
        assertFamily("netty", "4.1.138");
    }

    @Test
    void should_run_vertx_at_or_above_the_fix_for_its_advisory_every_module_alike() throws IOException {
        assertFamily("vertx", "4.5.27");
    }

    @Test
    void should_run_the_postgresql_driver_at_or_above_the_fix_for_the_channel_binding_downgrade() throws IOException {
        assertFamily("postgresql", "42.7.12");
    }

    @Test
    void should_run_logback_at_or_above_the_fix_for_its_configuration_advisories() throws IOException {
        assertFamily("logback", "1.5.25");
    }

    private static void assertFamily(String family, String fixedIn) throws IOException {
        Map<String, String> versionByModule = modulesOnClassPath(family);
        assertThat(versionByModule).as(family + " jars on the class path").isNotEmpty();
        Set<String> versions = new TreeSet<>(versionByModule.values());
        assertThat(versions).as(family + " modules " + versionByModule + " at one version").hasSize(1);
        String version = versions.iterator().next();
        assertThat(compare(version, fixedIn))
                .as(family + " " + version + " is at least " + fixedIn)
                .isGreaterThanOrEqualTo(0);
    }

    /** Module name to version, from the file names of the jars the test class loader reads. */
    private static Map<String, String> modulesOnClassPath(String family) throws IOException {
        Map<String, String> versionByModule = new TreeMap<>();
        List<URL> manifests = Collections.list(
                DependencyVersionsTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF"));
        for (URL manifest : manifests) {
            Matcher jar = JAR.matcher(manifest.toString());
            if (jar.find() && jar.group(2).equals(family)) {
                versionByModule.put(jar.group(1), jar.group(4));
            }
        }
        return versionByModule;
    }

    private static int compare(String version, String other) {
        List<Integer> left = numbers(version);
        List<Integer> right = numbers(other);
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            int difference = Integer.compare(
                    i < left.size() ? left.get(i) : 0, i < right.size() ? right.get(i) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static List<Integer> numbers(String version) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : version.split("\\.")) {
            numbers.add(Integer.parseInt(part));
        }
        return numbers;
    }
}
