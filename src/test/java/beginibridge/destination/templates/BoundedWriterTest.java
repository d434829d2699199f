package beginibridge.destination.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import beginibridge.delivery.PermanentDeliveryFailure;
import org.junit.jupiter.api.Test;

/** The rendering cap counts what the text will take in UTF-8, across every write. */
class BoundedWriterTest {

    @Test
    void should_count_each_character_as_utf8_does() {
        assertFits("\u007F", 1);
        assertFits("\u0080", 2);
        assertFits("\u07FF", 2);
        assertFits("\u0800", 3);
        assertFits("\uFFFF", 3);
        assertFits("\uD83D\uDE00", 4);
    }

    @Test
    void should_count_all_writes_together() {
        BoundedWriter writer = new BoundedWriter("t", 3);
        writer.write("ab", 0, 2);

        assertThatThrownBy(() -> writer.write("cd", 0, 2)).isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessage("template t rendered more than 3 bytes (delivery.max-rendered-bytes)");
        writer.write("c", 0, 1);
        assertThat(writer).hasToString("abc");
    }

    @Test
    void should_write_the_slice_of_chars_or_string_asked_for() {
        BoundedWriter writer = new BoundedWriter("t", 100);

        writer.write(new char[] {'x', 'a', 'b', 'y'}, 1, 2);
        writer.write("xcdy", 1, 2);
        writer.flush();
        writer.close();

        assertThat(writer).hasToString("abcd");
    }

    private static void assertFits(String text, int bytes) {
        BoundedWriter exact = new BoundedWriter("t", bytes);
        exact.write(text, 0, text.length());
        assertThat(exact).as("%s in %d bytes", text, bytes).hasToString(text);
        assertThatThrownBy(() -> new BoundedWriter("t", bytes - 1).write(text, 0, text.length()))
                .as("%s in %d bytes", text, bytes - 1).isInstanceOf(PermanentDeliveryFailure.class);
    }
}
