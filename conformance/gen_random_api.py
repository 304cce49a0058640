"""Golden values for the Torch-level random functions (rand, randn, randint, randperm, normal, bernoulli,
uniform_/normal_ on strided views), after torch.manual_seed. Run: /usr/bin/python3 conformance/gen_random_api.py"""
import json, torch

cases = []
def add(name, seed, t):
    cases.append({"name": name, "seed": seed, "dtype": str(t.dtype), "shape": list(t.shape),
                  "values": [float(v) for v in t.flatten().tolist()]})

torch.manual_seed(0); add("rand_3", 0, torch.rand(3))
torch.manual_seed(1); add("randn_2x3", 1, torch.randn(2, 3))
torch.manual_seed(2); add("randn_17_f64", 2, torch.randn(17, dtype=torch.float64))
torch.manual_seed(3); add("randint_0_10_4x5", 3, torch.randint(0, 10, (4, 5)))
torch.manual_seed(4); add("randperm_12", 4, torch.randperm(12))
torch.manual_seed(5); add("normal_2_3_5", 5, torch.normal(2.0, 3.0, (5,)))
torch.manual_seed(6); add("bernoulli_probs", 6, torch.bernoulli(torch.linspace(0, 1, 20)))
torch.manual_seed(7); x = torch.zeros(4, 6); x[:, ::2].uniform_(-1, 1); add("uniform_strided", 7, x)
torch.manual_seed(8); x = torch.zeros(3, 4).t(); x.normal_(0.5, 2.0); add("normal_transposed", 8, x)
torch.manual_seed(9); add("rand_then_randn", 9, torch.cat([torch.rand(5), torch.randn(20)]))

with open("jtorch-core/src/test/resources/golden/random_api.jsonl", "w") as f:
    for c in cases:
        f.write(json.dumps(c) + "\n")
print(len(cases), "cases")
