package beginibridge.destination.templates;

import java.io.Writer;
import java.nio.CharBuffer;

import beginibridge.delivery.PermanentDeliveryFailure;

/**
 * Collects a rendering and refuses it the moment it passes {@code delivery.max-rendered-bytes} (counted as UTF-8),
 * so a template that would render megabytes stops there instead of being built whole and measured afterwards.
 */
final class BoundedWriter extends Writer {

    private final StringBuilder text = new StringBuilder();
    private final String template;
    private final long maxBytes;
    private long bytes;

    BoundedWriter(String template, long maxBytes) {
        this.template = template;
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        write(CharBuffer.wrap(chars, offset, length));
    }

    @Override
    public void write(String string, int offset, int length) {
        write(string.subSequence(offset, offset + length));
    }

    private void write(CharSequence chars) {
        long added = 0;
        for (int i = 0; i < chars.length(); i++) {
            added += utf8Bytes(chars.charAt(i));
        }
        if (bytes + added > maxBytes) {
            throw new PermanentDeliveryFailure("template " + template + " rendered more than " + maxBytes
                    + " bytes (delivery.max-rendered-bytes)");
        }
        bytes += added;
        text.append(chars);
    }

    /** A surrogate counts 2: with its pair, the 4 bytes of a character beyond the BMP. */
    private static int utf8Bytes(char c) {
        if (c < 0x80) {
            return 1;
        }
        return c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
