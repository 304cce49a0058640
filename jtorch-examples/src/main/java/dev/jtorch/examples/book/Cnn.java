package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.data.DataLoader;
import dev.jtorch.data.Dataset;
import dev.jtorch.data.datasets.FashionMNIST;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.Normalize;
import dev.jtorch.data.transforms.ToTensor;
import dev.jtorch.nn.Conv2d;
import dev.jtorch.nn.Dropout2d;
import dev.jtorch.nn.F;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.Module;
import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.SGD;

import java.util.List;

import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.examples.book.Py.fixed;
import static dev.jtorch.examples.book.Py.format;
import static dev.jtorch.examples.book.Py.print;

/**
 * "3-min-pytorch" chapter 5: the book's CNN on normalized Fashion-MNIST, SGD lr 0.01 momentum 0.5, batch
 * 64, 40 epochs (conformance/book/cnn.py; the book's final code reads MNIST, its text Fashion-MNIST).
 * Arguments as {@link NeuralNetwork}'s.
 */
public final class Cnn {
    public static class Net extends Module {
        Conv2d conv1 = new Conv2d(1, 10, 5);
        Conv2d conv2 = new Conv2d(10, 20, 5);
        Dropout2d conv2_drop = new Dropout2d();
        Linear fc1 = new Linear(320, 50);
        Linear fc2 = new Linear(50, 10);

        @Override
        public Tensor forward(Tensor x) {
            x = F.relu(F.maxPool2d(conv1.call(x), 2));
            x = F.relu(F.maxPool2d(conv2_drop.call(conv2.call(x)), 2));
            x = x.view(-1, 320);
            x = F.relu(fc1.call(x));
            x = F.dropout(x, 0.5, training);
            return fc2.call(x);
        }
    }

    static void train(Module model, DataLoader<?, List<Tensor>> trainLoader, Optimizer optimizer, int epoch, FashionRun run) {
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
            if (batchIdx % 200 == 0) {
                print(format("Train Epoch: {} [{}/{} ({}%)]\tLoss: {}",
                        epoch, batchIdx * data.size(0), trainLoader.dataset().size(),
                        fixed(100. * batchIdx / trainLoader.len(), 0), fixed(loss.itemDouble(), 6)));
            }
            if (run.logs(batchIdx)) print(format("batch {} loss {}", batchIdx, loss.itemDouble()));
            batchIdx++;
        }
    }

    public static void main(String[] args) {
        FashionRun run = new FashionRun(args, 40);
        manualSeed(0);

        Compose transform = new Compose(new ToTensor(), new Normalize(0.1307, 0.3081));
        Dataset<List<Object>> trainset = new FashionMNIST(true, transform);
        Dataset<List<Object>> testset = run.limit(new FashionMNIST(false, transform));
        DataLoader<List<Object>, List<Tensor>> trainLoader = DataLoader.builder(trainset).batchSize(64).shuffle(true).build();
        DataLoader<List<Object>, List<Tensor>> testLoader = DataLoader.builder(testset).batchSize(64).shuffle(true).build();

        Net model = new Net();
        SGD optimizer = new SGD(model.parameters(), 0.01, 0.5);

        for (int epoch = 1; epoch <= run.epochs; epoch++) {
            run.restart();
            train(model, trainLoader, optimizer, epoch, run);
            run.report(epoch);
            NeuralNetwork.printEpoch(epoch, NeuralNetwork.evaluate(model, testLoader));
        }
    }
}
