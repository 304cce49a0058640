# Chapter 6 of "3-min-pytorch" (Keon Kim, MIT): an autoencoder squeezing Fashion-MNIST images through 3
# numbers, Adam lr 0.005, MSELoss, batch 64, 10 epochs. Written for jtorch's port
# (jtorch-examples .../book/BasicAutoencoder.java) with a fixed seed, on the CPU. Where the book draws the
# first five images and their reconstructions after each epoch, and the 3-d codes of 200 images at the end,
# this prints the reconstruction error of those five images and the codes' ranges.
# argv: [epochs=10] [batches per epoch, 0 = all] [unused] [print every n-th batch loss, 0 = never]
import torch
from torch import nn

from fashion_data import FashionMNIST, ToTensor, Clock, args

EPOCH, MAX_BATCHES, _, LOG = args(10)
BATCH_SIZE = 64
torch.manual_seed(0)

trainset = FashionMNIST(train=True, transform=ToTensor())
train_loader = torch.utils.data.DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True)


class Autoencoder(nn.Module):
    def __init__(self):
        super(Autoencoder, self).__init__()
        self.encoder = nn.Sequential(
            nn.Linear(28 * 28, 128),
            nn.ReLU(),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Linear(64, 12),
            nn.ReLU(),
            nn.Linear(12, 3),
        )
        self.decoder = nn.Sequential(
            nn.Linear(3, 12),
            nn.ReLU(),
            nn.Linear(12, 64),
            nn.ReLU(),
            nn.Linear(64, 128),
            nn.ReLU(),
            nn.Linear(128, 28 * 28),
            nn.Sigmoid(),
        )

    def forward(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return encoded, decoded


autoencoder = Autoencoder()
optimizer = torch.optim.Adam(autoencoder.parameters(), lr=0.005)
criterion = nn.MSELoss()

view_data = trainset.data[:5].view(-1, 28 * 28)
view_data = view_data.type(torch.FloatTensor) / 255.


def train(autoencoder, train_loader, clock):
    autoencoder.train()
    for step, (x, label) in enumerate(train_loader):
        if MAX_BATCHES and step == MAX_BATCHES:
            break
        x = x.view(-1, 28 * 28)
        y = x.view(-1, 28 * 28)
        encoded, decoded = autoencoder(x)
        loss = criterion(decoded, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        clock.samples += len(x)
        if LOG and step % LOG == 0:
            print("batch {} loss {}".format(step, repr(loss.item())))


for epoch in range(1, EPOCH + 1):
    clock = Clock()
    train(autoencoder, train_loader, clock)
    clock.report(epoch)
    test_x = view_data
    _, decoded_data = autoencoder(test_x)
    print("[Epoch {}]".format(epoch))
    print("reconstruction error of the first 5 images: {:.6f}".format(criterion(decoded_data, test_x).item()))

view_data = trainset.data[:200].view(-1, 28 * 28)
view_data = view_data.type(torch.FloatTensor) / 255.
encoded_data, _ = autoencoder(view_data)
for d in range(3):
    print("code {} of 200 images: {:.4f} to {:.4f}".format(d, encoded_data[:, d].min().item(), encoded_data[:, d].max().item()))
