# Chapter 5 of "3-min-pytorch" (Keon Kim, MIT): the book's CNN (two 5x5 convolutions, channel dropout, two
# linear layers) on normalized Fashion-MNIST, SGD lr 0.01 momentum 0.5, batch 64, 40 epochs. The book's final
# code reads MNIST; its text and this port use Fashion-MNIST. Written for jtorch's port
# (jtorch-examples .../book/Cnn.java) with a fixed seed, on the CPU.
# argv: [epochs=40] [batches per epoch, 0 = all] [test images, 0 = all] [print every n-th batch loss, 0 = never]
import torch
import torch.nn as nn
import torch.optim as optim
import torch.nn.functional as F

from fashion_data import FashionMNIST, Compose, ToTensor, Normalize, Clock, args, limit

EPOCHS, MAX_BATCHES, TEST_LIMIT, LOG = args(40)
BATCH_SIZE = 64
torch.manual_seed(0)

transform = Compose([ToTensor(), Normalize((0.1307,), (0.3081,))])
trainset = FashionMNIST(train=True, transform=transform)
testset = limit(FashionMNIST(train=False, transform=transform), TEST_LIMIT)
train_loader = torch.utils.data.DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True)
test_loader = torch.utils.data.DataLoader(testset, batch_size=BATCH_SIZE, shuffle=True)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        return self.fc2(x)


model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)


def train(model, train_loader, optimizer, epoch, clock):
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
        if batch_idx % 200 == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))
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
    train(model, train_loader, optimizer, epoch, clock)
    clock.report(epoch)
    test_loss, test_accuracy = evaluate(model, test_loader)
    print('[{}] Test Loss: {:.4f}, Accuracy: {:.2f}%'.format(epoch, test_loss, test_accuracy))
