package io.faultline.adapters.kernellog;

/** A line that has a family's fixed text but a field that contradicts the format. Internal. */
final class LineFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    LineFormatException(String why) {
        super(why, null, false, false);
    }
}
