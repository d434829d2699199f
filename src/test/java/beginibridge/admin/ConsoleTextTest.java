package beginibridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text the admin API hands on from senders or settings: CSV cells a spreadsheet cannot run, URLs without secrets. */
class ConsoleTextTest {

    @Test
    void should_quote_csv_cells_and_defuse_formulas() {
        assertThat(EventExport.cell("APP-1")).isEqualTo("APP-1");
        assertThat(EventExport.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(EventExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(EventExport.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(EventExport.cell("+1")).isEqualTo("'+1");
        assertThat(EventExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(EventExport.cell(null)).isEmpty();
    }

    @Test
    void should_show_a_jdbc_url_without_user_password_or_parameters() {
        assertThat(SystemInfo.withoutCredentials("jdbc:postgresql://bridge:s3cret@db.internal:5432/bridge"
                + "?password=s3cret&ssl=true")).isEqualTo("jdbc:postgresql://db.internal:5432/bridge");
        assertThat(SystemInfo.withoutCredentials("jdbc:h2:file:./data/bridge;USER=sa;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:./data/bridge");
    }
}
