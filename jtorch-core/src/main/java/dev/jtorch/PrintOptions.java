package dev.jtorch;

/**
 * How tensors print ({@code torch.set_printoptions}): digits after the point, the element count above
 * which a tensor is summarised with {@code ...}, the items kept at each end of a summarised dim, the line
 * width, and scientific notation forced on or off ({@code null}: chosen from the values).
 *
 * <p>{@code threshold} is a double so that {@link Double#POSITIVE_INFINITY} never summarises, as
 * {@code threshold=inf} does in PyTorch.
 */
public record PrintOptions(int precision, double threshold, int edgeitems, int linewidth, Boolean sciMode) {
    /** PyTorch's defaults, also {@code profile="default"}. */
    public static final PrintOptions DEFAULT = new PrintOptions(4, 1000, 3, 80, null);

    public PrintOptions {
        // Python raises these from str.format and from slicing; rejecting them early gives the same words
        if (precision < 0) throw new IllegalArgumentException("Format specifier missing precision");
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("threshold must not be nan");
        if (edgeitems < 0) throw new IllegalArgumentException("edgeitems must be non-negative, got " + edgeitems);
    }

    /**
     * The options of {@code profile}: "default" (precision 4, threshold 1000, edgeitems 3), "short"
     * (precision 2, edgeitems 2) or "full" (never summarise); line width 80 and sci mode chosen from the values.
     */
    public static PrintOptions profile(String profile) {
        return switch (profile) {
            case "default" -> DEFAULT;
            case "short" -> new PrintOptions(2, 1000, 2, 80, null);
            case "full" -> new PrintOptions(4, Double.POSITIVE_INFINITY, 3, 80, null);
            default -> throw new IllegalArgumentException("unknown print profile '" + profile
                    + "'; expected one of default, short, full");
        };
    }

    public PrintOptions withPrecision(int precision) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withThreshold(double threshold) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withEdgeitems(int edgeitems) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withLinewidth(int linewidth) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    /** {@code null} lets the formatter choose from the values, as {@code sci_mode=None} does. */
    public PrintOptions withSciMode(Boolean sciMode) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }
}
