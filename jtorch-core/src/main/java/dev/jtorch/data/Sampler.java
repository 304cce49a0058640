package dev.jtorch.data;

/**
 * The order in which a {@link DataLoader} visits dataset indices ({@code torch.utils.data.Sampler}).
 * Each call of {@link #iterator()} starts a new epoch.
 */
public interface Sampler extends Iterable<Integer> {
    /** Indices per epoch ({@code len(sampler)}). */
    int size();
}
