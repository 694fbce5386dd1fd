package io.faultline.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes handed on to a {@link Writer} (the command line's configured output, e.g. in tests).
 * Each {@code write} must end on a character boundary; {@link JsonReport} writes whole objects.
 */
final class WriterOutput extends OutputStream {
    private final Writer out;

    WriterOutput(Writer out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write((char) (b & 0xff));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
