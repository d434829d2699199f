package beginibridge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How application.properties' durations and id=value lists are read, and how a bad one is reported. */
class SettingsParsingTest {

    @Test
    void should_read_each_form_of_duration() {
        assertThat(Durations.parse("250", "x")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse(" 250 ms ", "x")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2s", "x")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("10M", "x")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h", "x")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("pt90s", "x")).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "s", "2d", "fast", "1.5s", "ms"})
    void should_refuse_what_is_no_duration_naming_the_setting(String setting) {
        assertThatThrownBy(() -> Durations.parse(setting, "delivery.lease"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delivery.lease '" + setting + "' is not a duration such as 500ms, 2s, 10m or 1h");
    }

    @Test
    void should_refuse_a_missing_duration() {
        assertThatThrownBy(() -> Durations.parse(null, "delivery.lease"))
                .hasMessage("delivery.lease 'null' is not a duration such as 500ms, 2s, 10m or 1h");
    }

    @Test
    void should_read_id_value_pairs_with_their_positions() {
        assertThat(IdValueList.parse(" a = 1 , b=x=y ", "p", "id=value")).containsExactly(
                new IdValueList.Entry(1, "a", "1"), new IdValueList.Entry(2, "b", "x=y"));
        assertThat(IdValueList.parse("", "p", "id=value")).isEmpty();
        assertThat(IdValueList.parse(null, "p", "id=value")).isEmpty();
        assertThat(IdValueList.parse("  ", "p", "id=value")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=k1,,b=k2", "a=k1,b=k2,", ",a=k1"})
    void should_refuse_an_empty_entry_naming_its_position(String setting) {
        int empty = List.of(setting.split(",", -1)).indexOf("") + 1;
        assertThatThrownBy(() -> IdValueList.parse(setting, "begini.api-keys", "integrationId=apiKey"))
                .isInstanceOf(SettingProblem.class)
                .hasMessage("begini.api-keys entry " + empty + " is empty; remove the extra comma; entries are"
                        + " integrationId=apiKey, comma-separated");
    }

    @Test
    void should_refuse_entries_separated_by_semicolons_without_repeating_them() {
        assertThatThrownBy(() -> IdValueList.parse("a=k1;b=k2", "begini.api-keys", "integrationId=apiKey"))
                .hasMessage("begini.api-keys holds a ';'; separate the integrationId=apiKey entries with commas");
        assertThatThrownBy(() -> IdValueList.parse(";a=k1", "begini.api-keys", "integrationId=apiKey"))
                .isInstanceOf(SettingProblem.class);
    }

    @Test
    void should_refuse_a_blank_inside_a_value_without_repeating_it() {
        assertThatThrownBy(() -> IdValueList.parse("a=k1 k2", "begini.api-keys", "integrationId=apiKey"))
                .hasMessage("begini.api-keys entry 1 has a blank inside its value; entries are integrationId=apiKey,"
                        + " comma-separated, without spaces inside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1,b", "a=1,=2", "a=1,b=", "a=1, = "})
    void should_name_the_position_of_a_bad_entry_never_its_content(String setting) {
        assertThatThrownBy(() -> IdValueList.parse(setting, "begini.api-keys", "integrationId=apiKey"))
                .hasMessage("begini.api-keys: entry 2 is not of the form integrationId=apiKey");
    }
}
