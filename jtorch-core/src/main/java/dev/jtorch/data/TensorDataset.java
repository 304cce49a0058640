package dev.jtorch.data;

import dev.jtorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Tensors sliced along their first dimension ({@code torch.utils.data.TensorDataset}): item i is the
 * list of {@code tensors[k][i]}, views that share memory with the tensors.
 */
public final class TensorDataset implements Dataset<List<Tensor>> {
    private final List<Tensor> tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset needs at least one tensor");
        for (Tensor t : tensors) {
            if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) throw new IllegalArgumentException("Size mismatch between tensors");
        }
        if (tensors[0].size(0) > Integer.MAX_VALUE) throw new IllegalArgumentException("TensorDataset: more than 2^31-1 items");
        this.tensors = List.of(tensors);
    }

    @Override
    public List<Tensor> get(int index) {
        List<Tensor> item = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) item.add(t.select(0, index));
        return item;
    }

    @Override
    public int size() { return (int) tensors.get(0).size(0); }

    public List<Tensor> tensors() { return tensors; }
}
