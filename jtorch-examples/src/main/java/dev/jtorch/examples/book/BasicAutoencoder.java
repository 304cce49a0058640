package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.datasets.FashionMNIST;
import dev.jtorch.data.transforms.ToTensor;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.MSELoss;
import dev.jtorch.nn.Module;
import dev.jtorch.nn.ReLU;
import dev.jtorch.nn.Sequential;
import dev.jtorch.nn.Sigmoid;
import dev.jtorch.optim.Adam;

import java.util.List;

import static dev.jtorch.Torch.float32;
import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.examples.book.Py.fixed;
import static dev.jtorch.examples.book.Py.format;
import static dev.jtorch.examples.book.Py.print;

/**
 * "3-min-pytorch" chapter 6: an autoencoder squeezing Fashion-MNIST images through 3 numbers, Adam lr
 * 0.005, MSELoss, batch 64, 10 epochs (conformance/book/basic_autoencoder.py). Where the book draws five
 * images and their reconstructions after each epoch and the codes of 200 images at the end, this prints
 * the five images' reconstruction error and the codes' ranges. Arguments: epochs, batches per epoch (0:
 * all), unused, print every n-th batch's loss (0: never).
 */
public final class BasicAutoencoder {
    /** Python's {@code (encoded, decoded)}. */
    public record Output(Tensor encoded, Tensor decoded) {}

    public static class Autoencoder extends Module {
        Sequential encoder = new Sequential(
                new Linear(28 * 28, 128),
                new ReLU(),
                new Linear(128, 64),
                new ReLU(),
                new Linear(64, 12),
                new ReLU(),
                new Linear(12, 3));
        Sequential decoder = new Sequential(
                new Linear(3, 12),
                new ReLU(),
                new Linear(12, 64),
                new ReLU(),
                new Linear(64, 128),
                new ReLU(),
                new Linear(128, 28 * 28),
                new Sigmoid());

        /** Both halves' outputs; {@link #forward} (a Module's single output) is the reconstruction. */
        public Output encodeDecode(Tensor x) {
            Tensor encoded = encoder.call(x);
            Tensor decoded = decoder.call(encoded);
            return new Output(encoded, decoded);
        }

        @Override
        public Tensor forward(Tensor x) { return encodeDecode(x).decoded(); }
    }

    public static void main(String[] args) {
        FashionRun run = new FashionRun(args, 10);
        manualSeed(0);

        FashionMNIST trainset = new FashionMNIST(true, new ToTensor());
        DataLoader<List<Object>, List<Tensor>> trainLoader = DataLoader.builder(trainset).batchSize(64).shuffle(true).build();

        Autoencoder autoencoder = new Autoencoder();
        Adam optimizer = new Adam(autoencoder.parameters(), 0.005);
        MSELoss criterion = new MSELoss();

        Tensor viewData = trainset.data().slice(0, 0, 5, 1).reshape(-1, 28 * 28);
        viewData = viewData.to(float32).div(255.);

        for (int epoch = 1; epoch <= run.epochs; epoch++) {
            run.restart();
            autoencoder.train();
            int step = 0;
            for (List<Tensor> batch : trainLoader) {
                if (run.stop(step)) break;
                Tensor x = batch.get(0).view(-1, 28 * 28);
                Tensor y = x.view(-1, 28 * 28);
                Output out = autoencoder.encodeDecode(x);
                Tensor loss = criterion.call(out.decoded(), y);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                run.samples += x.size(0);
                if (run.logs(step)) print(format("batch {} loss {}", step, loss.itemDouble()));
                step++;
            }
            run.report(epoch);
            Tensor decodedData = autoencoder.encodeDecode(viewData).decoded();
            print(format("[Epoch {}]", epoch));
            print("reconstruction error of the first 5 images: " + fixed(criterion.call(decodedData, viewData).itemDouble(), 6));
        }

        viewData = trainset.data().slice(0, 0, 200, 1).reshape(-1, 28 * 28);
        viewData = viewData.to(float32).div(255.);
        Tensor encodedData = autoencoder.encodeDecode(viewData).encoded();
        for (int d = 0; d < 3; d++) {
            Tensor code = encodedData.select(1, d);
            print(format("code {} of 200 images: {} to {}", d, fixed(code.min().itemDouble(), 4), fixed(code.max().itemDouble(), 4)));
        }
    }
}
