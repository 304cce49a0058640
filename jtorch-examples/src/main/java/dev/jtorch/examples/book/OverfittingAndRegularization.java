package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.Dataset;
import dev.jtorch.data.datasets.FashionMNIST;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.Normalize;
import dev.jtorch.data.transforms.RandomHorizontalFlip;
import dev.jtorch.data.transforms.ToTensor;
import dev.jtorch.nn.F;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.Module;
import dev.jtorch.optim.SGD;

import java.util.List;

import static dev.jtorch.Torch.manualSeed;

/**
 * "3-min-pytorch" chapter 4.3: the chapter-4 network with dropout (p 0.2) on randomly flipped, normalized
 * Fashion-MNIST images, SGD lr 0.01, batch 64, 50 epochs (conformance/book/overfitting_and_regularization.py;
 * the book's code reads MNIST here, its text Fashion-MNIST). Arguments as {@link NeuralNetwork}'s.
 */
public final class OverfittingAndRegularization {
    public static class Net extends Module {
        Linear fc1 = new Linear(784, 256);
        Linear fc2 = new Linear(256, 128);
        Linear fc3 = new Linear(128, 10);
        final double dropoutP;

        public Net(double dropoutP) { this.dropoutP = dropoutP; }

        @Override
        public Tensor forward(Tensor x) {
            x = x.view(-1, 784);
            x = F.relu(fc1.call(x));
            x = F.dropout(x, dropoutP, training);
            x = F.relu(fc2.call(x));
            x = F.dropout(x, dropoutP, training);
            return fc3.call(x);
        }
    }

    public static void main(String[] args) {
        FashionRun run = new FashionRun(args, 50);
        manualSeed(0);

        Dataset<List<Object>> trainset = new FashionMNIST(true, new Compose(
                new RandomHorizontalFlip(),
                new ToTensor(),
                new Normalize(0.1307, 0.3081)));
        Dataset<List<Object>> testset = run.limit(new FashionMNIST(false, new Compose(
                new ToTensor(),
                new Normalize(0.1307, 0.3081))));
        DataLoader<List<Object>, List<Tensor>> trainLoader = DataLoader.builder(trainset).batchSize(64).shuffle(true).build();
        DataLoader<List<Object>, List<Tensor>> testLoader = DataLoader.builder(testset).batchSize(64).shuffle(true).build();

        Net model = new Net(0.2);
        SGD optimizer = new SGD(model.parameters(), 0.01);

        for (int epoch = 1; epoch <= run.epochs; epoch++) {
            run.restart();
            NeuralNetwork.train(model, trainLoader, optimizer, run);
            run.report(epoch);
            NeuralNetwork.printEpoch(epoch, NeuralNetwork.evaluate(model, testLoader));
        }
    }
}
