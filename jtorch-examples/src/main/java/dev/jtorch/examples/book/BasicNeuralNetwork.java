package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.nn.BCELoss;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.Module;
import dev.jtorch.nn.ReLU;
import dev.jtorch.nn.Sigmoid;
import dev.jtorch.optim.SGD;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.jtorch.Torch.cat;
import static dev.jtorch.Torch.full;
import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.Torch.randn;
import static dev.jtorch.Torch.randperm;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.Torch.where;
import static dev.jtorch.examples.book.Py.format;
import static dev.jtorch.examples.book.Py.print;

/**
 * "3-min-pytorch" chapter 3: a 2-5-1 network separating four blobs of points into two classes, trained with
 * BCELoss and SGD, saved to {@code model.pt} in PyTorch's format and loaded into a new network
 * (conformance/book/basic_neural_network.py). The points come from the seeded generator, the same as
 * the Python script's. The first argument is where to write {@code model.pt} (default: the working folder).
 */
public final class BasicNeuralNetwork {
    /** scikit-learn's make_blobs recipe on torch's generator: equal groups, normal noise, shuffled. */
    static Tensor[] makeBlobs(int nSamples, double[][] centersList, double clusterStd) {
        Tensor centers = tensor(centersList[0][0], centersList[0][1]).view(1, 2);
        for (int i = 1; i < centersList.length; i++) {
            centers = cat(centers, tensor(centersList[i][0], centersList[i][1]).view(1, 2));
        }
        int k = centersList.length;
        List<Tensor> groups = new ArrayList<>();
        for (int i = 0; i < k; i++) groups.add(full(new long[] {nSamples / k + (i < nSamples % k ? 1 : 0)}, (long) i));
        Tensor y = cat(groups);
        Tensor x = randn(nSamples, centers.size(1)).mul(clusterStd).add(centers.indexSelect(0, y));
        Tensor perm = randperm(nSamples);
        return new Tensor[] {x.indexSelect(0, perm), y.indexSelect(0, perm)};
    }

    static Tensor labelMap(Tensor y_, long[] from, long to) {
        Tensor y = y_.clone();
        for (long f : from) y = where(y_.eq(f), tensor(to), y);
        return y;
    }

    public static class NeuralNet extends Module {
        final long inputSize, hiddenSize;
        Linear linear_1;
        ReLU relu;
        Linear linear_2;
        Sigmoid sigmoid;

        public NeuralNet(long inputSize, long hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            linear_1 = new Linear(inputSize, hiddenSize);
            relu = new ReLU();
            linear_2 = new Linear(hiddenSize, 1);
            sigmoid = new Sigmoid();
        }

        @Override
        public Tensor forward(Tensor inputTensor) {
            Tensor linear1 = linear_1.call(inputTensor);
            Tensor relu = this.relu.call(linear1);
            Tensor linear2 = linear_2.call(relu);
            return sigmoid.call(linear2);
        }
    }

    public static void main(String[] args) throws Exception {
        Path modelPath = Path.of(args.length > 0 ? args[0] : "./model.pt");
        manualSeed(0);
        double[][] centers = {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
        Tensor[] train = makeBlobs(80, centers, 0.3);
        Tensor[] test = makeBlobs(20, centers, 0.3);
        Tensor xTrain = train[0], yTrain = train[1], xTest = test[0], yTest = test[1];
        yTrain = labelMap(yTrain, new long[] {0, 1}, 0);
        yTrain = labelMap(yTrain, new long[] {2, 3}, 1);
        yTest = labelMap(yTest, new long[] {0, 1}, 0);
        yTest = labelMap(yTest, new long[] {2, 3}, 1);

        print(xTrain.shape());
        yTrain = yTrain.toFloat();
        yTest = yTest.toFloat();

        NeuralNet model = new NeuralNet(2, 5);
        double learningRate = 0.03;
        BCELoss criterion = new BCELoss();
        int epochs = 2000;
        SGD optimizer = new SGD(model.parameters(), learningRate);

        model.eval();
        Tensor testLossBefore = criterion.call(model.call(xTest).squeeze(), yTest);
        print(format("Before Training, test loss is {}", testLossBefore.itemDouble()));

        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            optimizer.zeroGrad();
            Tensor trainOutput = model.call(xTrain);
            Tensor trainLoss = criterion.call(trainOutput.squeeze(), yTrain);
            if (epoch % 100 == 0) print(format("Train loss at {} is {}", epoch, trainLoss.itemDouble()));
            trainLoss.backward();
            optimizer.step();
        }

        model.eval();
        Tensor testLoss = criterion.call(model.call(xTest).squeeze(), yTest);
        print(format("After Training, test loss is {}", testLoss.itemDouble()));

        dev.jtorch.Torch.save(model.stateDict(), modelPath);
        print(format("state_dict format of the model: {}", Py.orderedDict(model.stateDict())));

        NeuralNet newModel = new NeuralNet(2, 5);
        newModel.loadStateDict(dev.jtorch.Torch.loadStateDict(modelPath));
        newModel.eval();
        print(format("Probability that the vector [-1, 1] has label 1: {}",
                newModel.call(tensor(-1f, 1f)).itemDouble()));
    }
}
