package dev.sightline.spatial.scene;

import java.util.Locale;

/**
 * The eight object colours. The RGB values are far apart in hue or brightness so that a colour stays
 * recognisable under the renderer's shading (the darkest shade is 55% of the base colour, which keeps a
 * shaded white brighter than a fully lit gray).
 */
public enum Colour {
    RED(0xDC2828),
    GREEN(0x28B43C),
    BLUE(0x2850DC),
    YELLOW(0xE6D228),
    PURPLE(0x8C3CB4),
    ORANGE(0xF08C1E),
    GRAY(0x646464),
    WHITE(0xF0F0F0);

    private final int rgb;

    Colour(int rgb) {
        this.rgb = rgb;
    }

    /** Base colour as {@code 0xRRGGBB}. */
    public int rgb() {
        return rgb;
    }

    /** The adjective used in questions, e.g. {@code "red"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
