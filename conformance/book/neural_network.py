# Chapter 4 of "3-min-pytorch" (Keon Kim, MIT): a 784-256-128-10 network on Fashion-MNIST, SGD lr 0.01,
# batch 64, 30 epochs. Written for jtorch's port (jtorch-examples .../book/NeuralNetwork.java) with a fixed
# seed (the book has none), on the CPU, with torchvision's pieces from fashion_data.py.
# argv: [epochs=30] [batches per epoch, 0 = all] [test images, 0 = all] [print every n-th batch loss, 0 = never]
import torch
import torch.nn as nn
import torch.optim as optim
import torch.nn.functional as F

from fashion_data import FashionMNIST, Compose, ToTensor, Clock, args, limit

EPOCHS, MAX_BATCHES, TEST_LIMIT, LOG = args(30)
BATCH_SIZE = 64
torch.manual_seed(0)

transform = Compose([ToTensor()])
trainset = FashionMNIST(train=True, transform=transform)
testset = limit(FashionMNIST(train=False, transform=transform), TEST_LIMIT)
train_loader = torch.utils.data.DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True)
test_loader = torch.utils.data.DataLoader(testset, batch_size=BATCH_SIZE, shuffle=True)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = x.view(-1, 784)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.01)


def train(model, train_loader, optimizer, clock):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        if MAX_BATCHES and batch_idx == MAX_BATCHES:
            break
        optimizer.zero_grad()
        output = model(data)
        loss = F.cross_entropy(output, target)
        loss.backward()
        optimizer.step()
        clock.samples += len(data)
        if LOG and batch_idx % LOG == 0:
            print("batch {} loss {}".format(batch_idx, repr(loss.item())))


def evaluate(model, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            output = model(data)
            test_loss += F.cross_entropy(output, target, reduction='sum').item()
            pred = output.max(1, keepdim=True)[1]
            correct += pred.eq(target.view_as(pred)).sum().item()
    test_loss /= len(test_loader.dataset)
    test_accuracy = 100. * correct / len(test_loader.dataset)
    return test_loss, test_accuracy


for epoch in range(1, EPOCHS + 1):
    clock = Clock()
    train(model, train_loader, optimizer, clock)
    clock.report(epoch)
    test_loss, test_accuracy = evaluate(model, test_loader)
    print('[{}] Test Loss: {:.4f}, Accuracy: {:.2f}%'.format(epoch, test_loss, test_accuracy))
