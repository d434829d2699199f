package beginibridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What RouteFileChecker reports, on small route files made for each rule, and on a broken copy of a real one. */
class RouteFileCheckerTest {

    static final RouteFileChecker CHECKER = RouteFileChecker.withCamelSchema();

    /** Every kind of element the rules look at, each written as they require. */
    static final String GOOD = """
            - routeConfiguration:
                id: good-errors
                onException:
                  - onException:
                      id: on-any-failure
                      exception:
                        - java.lang.Exception
                      handled:
                        constant: "true"
                      steps:
                        - log:
                            id: log-failure
                            message: failed
            - route:
                id: good-route
                routeConfigurationId: good-errors
                streamCache: false
                from:
                  id: good-in
                  uri: direct:good
                  steps:
                    - choice:
                        id: on-type
                        when:
                          - id: when-score
                            simple: "${header.type} == 'score'"
                            steps:
                              - setProperty:
                                  id: score-destinations
                                  name: destinations
                                  constant: database
                        otherwise:
                          id: other-type
                          steps:
                            - setProperty:
                                id: no-destinations
                                name: destinations
                                constant: ""
                    - doTry:
                        id: attempt
                        steps:
                          - toD:
                              id: to-queue
                              uri: "seda:deliver-${body.destination}"
                              parameters:
                                size: "{{delivery.queue-size}}"
                                blockWhenFull: true
                        doCatch:
                          - id: on-failure
                            exception:
                              - java.lang.Exception
                            steps:
                              - log:
                                  id: log-attempt-failure
                                  message: "attempt failed, ${header.retry ?: 'no retry'}"
                        doFinally:
                          id: after-attempt
                          steps:
                            - removeHeaders:
                                id: drop-headers
                                pattern: "*"
            - routeTemplate:
                id: good-workers
                parameters:
                  - name: destination
                route:
                  from:
                    id: good-queue-in
                    uri: "seda:deliver-{{destination}}"
                    steps:
                      - to:
                          id: to-good
                          uri: direct:good
            - templatedRoute:
                routeTemplateRef: good-workers
                routeId: database-good-workers
                parameters:
                  - name: destination
                    value: database
            """;

    @Test
    void should_accept_a_file_that_keeps_every_rule() {
        assertThat(check("good.camel.yaml", GOOD)).isEmpty();
    }

    @Test
    void should_report_a_value_of_the_wrong_type_where_it_is() {
        String yaml = GOOD.replace("streamCache: false", "streamCache: \"false\"");

        assertThat(check("stream-cache.camel.yaml", yaml)).map(Object::toString)
                .containsExactly("stream-cache.camel.yaml: /1/route/streamCache: schema: string found, boolean "
                        + "expected (type)");
    }

    /**
     * Camel resolves a property placeholder before it converts the value, so one standing for a whole boolean
     * (a destination route's autoStartup) is valid where the schema wants a boolean; anything else in a string is not.
     */
    @Test
    void should_take_a_whole_placeholder_for_a_boolean_and_nothing_else() {
        assertThat(check("good.camel.yaml", GOOD.replace("streamCache: false",
                "streamCache: \"{{configured:crm.url}}\""))).isEmpty();

        assertThat(check("bad.camel.yaml", GOOD.replace("streamCache: false",
                "streamCache: \"{{configured:crm.url}} \""))).singleElement()
                .satisfies(violation -> assertThat(violation.path()).isEqualTo("/1/route/streamCache"));
        assertThat(check("bad.camel.yaml", GOOD.replace("streamCache: false", "streamCache: \"no\"")))
                .singleElement().satisfies(violation -> assertThat(violation.problem()).contains("boolean expected"));
    }

    @Test
    void should_report_an_option_the_step_does_not_have() {
        String yaml = withLineAfter(GOOD, "id: no-destinations", "bogus: 1");

        assertThat(check("unknown-option.camel.yaml", yaml)).map(Object::toString).containsExactly(
                "unknown-option.camel.yaml: /1/route/from/steps/0/choice/otherwise/steps/0/setProperty: schema: "
                        + "property 'bogus' is not defined in the schema and the schema does not allow additional "
                        + "properties (additionalProperties)");
    }

    @Test
    void should_report_a_key_written_twice() {
        String yaml = withLineAfter(GOOD, "id: drop-headers", "pattern: \"Camel*\"");

        assertThat(check("twice.camel.yaml", yaml)).singleElement().asString()
                .startsWith("twice.camel.yaml: /: not YAML: ").contains("Duplicate Object property \"pattern\"");
    }

    @Test
    void should_report_every_route_endpoint_step_and_branch_without_an_id() {
        String yaml = """
                - routeConfiguration:
                    onException:
                      - onException:
                          exception:
                            - java.lang.Exception
                          steps:
                            - log:
                                message: failed
                - route:
                    from:
                      uri: direct:plain
                      steps:
                        - choice:
                            when:
                              - simple: "${header.type} == 'score'"
                                steps:
                                  - setProperty:
                                      name: destinations
                                      constant: database
                            otherwise:
                              steps:
                                - to: direct:other
                        - doTry:
                            steps:
                              - removeHeaders:
                                  pattern: "*"
                            doCatch:
                              - exception:
                                  - java.lang.Exception
                            doFinally:
                              steps: []
                - templatedRoute:
                    routeTemplateRef: elsewhere
                """;

        assertThat(check("no-ids.camel.yaml", yaml)).map(RouteFileChecker.Violation::toString).containsExactly(
                "no-ids.camel.yaml: /0/routeConfiguration: routeConfiguration without an id",
                "no-ids.camel.yaml: /0/routeConfiguration/onException/0/onException: onException without an id",
                "no-ids.camel.yaml: /0/routeConfiguration/onException/0/onException/steps/0/log: log without an id",
                "no-ids.camel.yaml: /1/route: route without an id",
                "no-ids.camel.yaml: /1/route/from: from without an id",
                "no-ids.camel.yaml: /1/route/from/steps/0/choice: choice without an id",
                "no-ids.camel.yaml: /1/route/from/steps/0/choice/when/0: when without an id",
                "no-ids.camel.yaml: /1/route/from/steps/0/choice/when/0/steps/0/setProperty: setProperty without an id",
                "no-ids.camel.yaml: /1/route/from/steps/0/choice/otherwise: otherwise without an id",
                "no-ids.camel.yaml: /1/route/from/steps/0/choice/otherwise/steps/0/to: step 'to' in short form, "
                        + "without an id",
                "no-ids.camel.yaml: /1/route/from/steps/1/doTry: doTry without an id",
                "no-ids.camel.yaml: /1/route/from/steps/1/doTry/steps/0/removeHeaders: removeHeaders without an id",
                "no-ids.camel.yaml: /1/route/from/steps/1/doTry/doCatch/0: doCatch without an id",
                "no-ids.camel.yaml: /1/route/from/steps/1/doTry/doFinally: doFinally without an id",
                "no-ids.camel.yaml: /2/templatedRoute: templatedRoute without routeId");
    }

    @Test
    void should_report_ids_that_are_not_kebab_case_as_the_editor_would_make_them() {
        String yaml = GOOD.replace("id: score-destinations", "id: setProperty-2947");

        assertThat(check("editor-ids.camel.yaml", yaml)).map(Object::toString).containsExactly(
                "editor-ids.camel.yaml: /1/route/from/steps/0/choice/when/0/steps/0/setProperty: id "
                        + "'setProperty-2947' is not kebab-case");
    }

    @Test
    void should_report_an_id_used_again_in_another_file() {
        String other = """
                - route:
                    id: other-route
                    from:
                      id: other-in
                      uri: direct:other
                      steps:
                        - log:
                            id: log-failure
                            message: again
                """;
        Map<String, String> files = new LinkedHashMap<>();
        files.put("good.camel.yaml", GOOD);
        files.put("other.camel.yaml", other);

        assertThat(CHECKER.check(files)).map(Object::toString).containsExactly(
                "other.camel.yaml: /0/route/from/steps/0/log: id 'log-failure' already used at good.camel.yaml: "
                        + "/0/routeConfiguration/onException/0/onException/steps/0/log");
    }

    @Test
    void should_report_endpoint_options_written_into_the_uri_but_not_a_question_mark_of_an_expression() {
        String yaml = """
                - route:
                    id: inline-options
                    from:
                      id: inline-in
                      uri: "timer:tick?period=1000"
                      steps:
                        - toD:
                            id: to-queue
                            uri: "seda:deliver-${body.destination}?size={{delivery.queue-size}}&blockWhenFull=true"
                        - toD:
                            id: to-chosen
                            uri: "direct:${header.target ?: 'default'}"
                        - to:
                            id: to-placeholder
                            uri: "{{target.uri}}"
                """;

        assertThat(check("inline.camel.yaml", yaml)).map(Object::toString).containsExactly(
                "inline.camel.yaml: /0/route/from/uri: endpoint options inline in the uri 'timer:tick?period=1000',"
                        + " not under parameters",
                "inline.camel.yaml: /0/route/from/steps/0/toD/uri: endpoint options inline in the uri "
                        + "'seda:deliver-${body.destination}?size={{delivery.queue-size}}&blockWhenFull=true', not "
                        + "under parameters");
    }

    @Test
    void should_report_what_was_broken_in_a_copy_of_the_intake_route() throws IOException {
        String intake = Files.readString(Path.of("src/main/resources/engine/intake.camel.yaml"));
        assertThat(check("intake.camel.yaml", intake)).as("the intake route as it is").isEmpty();

        String broken = intake.replace("streamCache: false", "streamCache: \"false\"")
                .replace("            id: read-envelope\n", "")
                .replace("uri: seda:route-event", "uri: seda:route-event?discardWhenFull=true");

        assertThat(check("intake.camel.yaml", broken)).map(Object::toString).containsExactlyInAnyOrder(
                "intake.camel.yaml: /2/route/streamCache: schema: string found, boolean expected (type)",
                "intake.camel.yaml: /2/route/from/steps/1/bean: bean without an id",
                "intake.camel.yaml: /2/route/from/steps/4/filter/steps/2/filter/steps/0/to/uri: endpoint options "
                        + "inline in the uri 'seda:route-event?discardWhenFull=true', not under parameters");
    }

    /** The YAML with a line added after the first line holding the anchor, at the same indentation. */
    private static String withLineAfter(String yaml, String anchor, String line) {
        int start = yaml.lastIndexOf('\n', yaml.indexOf(anchor)) + 1;
        int end = yaml.indexOf('\n', start) + 1;
        String indentation = yaml.substring(start, yaml.indexOf(anchor));
        return yaml.substring(0, end) + indentation + line + "\n" + yaml.substring(end);
    }

    private static List<RouteFileChecker.Violation> check(String name, String yaml) {
        return CHECKER.check(Map.of(name, yaml));
    }
}
