package io.faultline.adapters.kernellog;

import java.util.Random;

/** Lines for comparing a hand reader with its regex: real lines with a few random edits, or random runs of pieces. */
final class RandomLines {
    private final Random rnd;
    private final String[] base;
    private final String[] pieces;
    private final String chars;
    private final int maxPieces;

    /** Edits insert {@code pieces} or set one of {@code chars}; assembled lines have fewer than {@code maxPieces} pieces. */
    RandomLines(long seed, String[] base, String[] pieces, String chars, int maxPieces) {
        this.rnd = new Random(seed);
        this.base = base;
        this.pieces = pieces;
        this.chars = chars;
        this.maxPieces = maxPieces;
    }

    String next() {
        StringBuilder b = new StringBuilder();
        if (rnd.nextBoolean()) { // mutate a real line
            b.append(base[rnd.nextInt(base.length)]);
            for (int e = 1 + rnd.nextInt(3); e > 0 && b.length() > 0; e--) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, pieces[rnd.nextInt(pieces.length)]);
                    default -> b.setCharAt(at, chars.charAt(rnd.nextInt(chars.length())));
                }
            }
        } else { // assemble pieces
            for (int i = rnd.nextInt(maxPieces); i > 0; i--) {
                b.append(pieces[rnd.nextInt(pieces.length)]);
            }
        }
        return b.toString();
    }
}
