package beginibridge.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void should_find_the_first_cause_of_a_type_anywhere_in_the_chain() {
        ConnectException inner = new ConnectException("refused");
        IOException middle = new IOException("send failed", inner);
        Exception outer = new IllegalStateException("delivery failed", middle);

        assertThat(Causes.find(outer, IOException.class)).isSameAs(middle);
        assertThat(Causes.find(outer, ConnectException.class)).isSameAs(inner);
        assertThat((Throwable) Causes.find(outer, SQLException.class)).isNull();
        assertThat((Throwable) Causes.find(null, SQLException.class)).isNull();
    }

    @Test
    void should_find_the_innermost_cause_and_stop_at_one_that_names_itself() {
        ConnectException inner = new ConnectException("refused");
        Exception selfCaused = new IllegalStateException("loops") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };

        assertThat(Causes.root(new IllegalStateException("a", new IOException("b", inner)))).isSameAs(inner);
        assertThat(Causes.root(inner)).isSameAs(inner);
        assertThat(Causes.root(new IllegalStateException("outer", selfCaused))).isSameAs(selfCaused);
    }
}
