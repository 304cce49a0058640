package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.Dataset;
import dev.jtorch.data.datasets.FashionMNIST;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.ToTensor;
import dev.jtorch.nn.F;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.Module;
import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.SGD;

import java.util.List;

import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.Torch.noGrad;
import static dev.jtorch.examples.book.Py.fixed;
import static dev.jtorch.examples.book.Py.format;
import static dev.jtorch.examples.book.Py.print;

/**
 * "3-min-pytorch" chapter 4: a 784-256-128-10 network classifying Fashion-MNIST, SGD lr 0.01, batch 64, 30
 * epochs (conformance/book/neural_network.py). Arguments, all optional: epochs, batches per epoch (0: all),
 * test images (0: all), print every n-th batch's loss (0: never). Time per epoch goes to stderr.
 */
public final class NeuralNetwork {
    static final int BATCH_SIZE = 64;

    public static class Net extends Module {
        Linear fc1 = new Linear(784, 256);
        Linear fc2 = new Linear(256, 128);
        Linear fc3 = new Linear(128, 10);

        @Override
        public Tensor forward(Tensor x) {
            x = x.view(-1, 784);
            x = F.relu(fc1.call(x));
            x = F.relu(fc2.call(x));
            return fc3.call(x);
        }
    }

    static void train(Module model, DataLoader<?, List<Tensor>> trainLoader, Optimizer optimizer, FashionRun run) {
        model.train();
        int batchIdx = 0;
        for (List<Tensor> batch : trainLoader) {
            if (run.stop(batchIdx)) break;
            Tensor data = batch.get(0), target = batch.get(1);
            optimizer.zeroGrad();
            Tensor output = model.call(data);
            Tensor loss = F.crossEntropy(output, target);
            loss.backward();
            optimizer.step();
            run.samples += data.size(0);
            if (run.logs(batchIdx)) print(format("batch {} loss {}", batchIdx, loss.itemDouble()));
            batchIdx++;
        }
    }

    /** Mean test loss and accuracy in percent. */
    static double[] evaluate(Module model, DataLoader<?, List<Tensor>> testLoader) {
        model.eval();
        double testLoss = 0;
        long correct = 0;
        try (var g = noGrad()) {
            for (List<Tensor> batch : testLoader) {
                Tensor data = batch.get(0), target = batch.get(1);
                Tensor output = model.call(data);
                testLoss += F.crossEntropy(output, target, null, -100, "sum", 0.0).itemDouble();
                Tensor pred = output.max(1, true).indices();
                correct += pred.eq(target.viewAs(pred)).sum().itemLong();
            }
        }
        int n = testLoader.dataset().size();
        return new double[] {testLoss / n, 100. * correct / n};
    }

    static void printEpoch(int epoch, double[] result) {
        print(format("[{}] Test Loss: {}, Accuracy: {}%", epoch, fixed(result[0], 4), fixed(result[1], 2)));
    }

    public static void main(String[] args) {
        FashionRun run = new FashionRun(args, 30);
        manualSeed(0);

        Compose transform = new Compose(new ToTensor());
        Dataset<List<Object>> trainset = new FashionMNIST(true, transform);
        Dataset<List<Object>> testset = run.limit(new FashionMNIST(false, transform));
        DataLoader<List<Object>, List<Tensor>> trainLoader = DataLoader.builder(trainset).batchSize(BATCH_SIZE).shuffle(true).build();
        DataLoader<List<Object>, List<Tensor>> testLoader = DataLoader.builder(testset).batchSize(BATCH_SIZE).shuffle(true).build();

        Net model = new Net();
        SGD optimizer = new SGD(model.parameters(), 0.01);

        for (int epoch = 1; epoch <= run.epochs; epoch++) {
            run.restart();
            train(model, trainLoader, optimizer, run);
            run.report(epoch);
            printEpoch(epoch, evaluate(model, testLoader));
        }
    }
}
