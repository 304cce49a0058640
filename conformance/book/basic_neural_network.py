# Chapter 3 of "3-min-pytorch" (Keon Kim, MIT): a 2-5-1 network separating four blobs of points into two
# classes, BCELoss, SGD lr 0.03, 2000 epochs, saved to model.pt and loaded into a new network. Written for
# jtorch's port (jtorch-examples .../book/BasicNeuralNetwork.java). The book draws the points with
# scikit-learn's make_blobs and plots them; here they are drawn with torch's seeded generator (the same
# recipe: 0.3-wide normal noise around the centres, in shuffled order) so that Java draws the same points.
# argv: [where to write model.pt, default ./model.pt]
import sys

import torch

model_path = sys.argv[1] if len(sys.argv) > 1 else './model.pt'
torch.manual_seed(0)


def make_blobs(n_samples, centers, cluster_std):
    centers = torch.tensor(centers, dtype=torch.float32)
    k = len(centers)
    y = torch.cat([torch.full((n_samples // k + (1 if i < n_samples % k else 0),), i, dtype=torch.int64)
                   for i in range(k)])
    x = torch.randn(n_samples, centers.shape[1]) * cluster_std + centers[y]
    perm = torch.randperm(n_samples)
    return x[perm], y[perm]


def label_map(y_, from_, to_):
    y = y_.clone()
    for f in from_:
        y[y_ == f] = to_
    return y


n_dim = 2
x_train, y_train = make_blobs(80, [[1, 1], [-1, -1], [1, -1], [-1, 1]], 0.3)
x_test, y_test = make_blobs(20, [[1, 1], [-1, -1], [1, -1], [-1, 1]], 0.3)
y_train = label_map(y_train, [0, 1], 0)
y_train = label_map(y_train, [2, 3], 1)
y_test = label_map(y_test, [0, 1], 0)
y_test = label_map(y_test, [2, 3], 1)

print(x_train.shape)
y_train = y_train.float()
y_test = y_test.float()


class NeuralNet(torch.nn.Module):
    def __init__(self, input_size, hidden_size):
        super(NeuralNet, self).__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.linear_1 = torch.nn.Linear(self.input_size, self.hidden_size)
        self.relu = torch.nn.ReLU()
        self.linear_2 = torch.nn.Linear(self.hidden_size, 1)
        self.sigmoid = torch.nn.Sigmoid()

    def forward(self, input_tensor):
        linear1 = self.linear_1(input_tensor)
        relu = self.relu(linear1)
        linear2 = self.linear_2(relu)
        output = self.sigmoid(linear2)
        return output


model = NeuralNet(2, 5)
learning_rate = 0.03
criterion = torch.nn.BCELoss()
epochs = 2000
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

model.eval()
test_loss_before = criterion(model(x_test).squeeze(), y_test)
print('Before Training, test loss is {}'.format(test_loss_before.item()))

for epoch in range(epochs):
    model.train()
    optimizer.zero_grad()
    train_output = model(x_train)
    train_loss = criterion(train_output.squeeze(), y_train)
    if epoch % 100 == 0:
        print('Train loss at {} is {}'.format(epoch, train_loss.item()))
    train_loss.backward()
    optimizer.step()

model.eval()
test_loss = criterion(model(x_test).squeeze(), y_test)
print('After Training, test loss is {}'.format(test_loss.item()))

torch.save(model.state_dict(), model_path)
print('state_dict format of the model: {}'.format(model.state_dict()))

new_model = NeuralNet(2, 5)
new_model.load_state_dict(torch.load(model_path))
new_model.eval()
print('Probability that the vector [-1, 1] has label 1: {}'.format(new_model(torch.FloatTensor([-1, 1])).item()))
