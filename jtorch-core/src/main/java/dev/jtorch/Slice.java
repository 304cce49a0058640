package dev.jtorch;

/**
 * Python's {@code slice(start, stop, step)} as an index ({@code x[1:-1:2]} is
 * {@code x.index(Torch.slice(1, -1, 2))}). A null bound is an omitted one: start 0, stop the end, step 1.
 */
public record Slice(Long start, Long stop, Long step) {
    @Override public String toString() {
        return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == null ? "" : ":" + step);
    }
}
