"""PyTorch twins of the networks bench/vs-pytorch-concertina.ts trains (started by bench/vs-pytorch.ts).

Same architectures, the same initial weights (written by the concertina side), the same data and the same
per-epoch batch lists, Adam with tfjs' defaults. Prints one JSON line of timings and losses.
Usage: python3 bench/vs_pytorch.py <phoneme|word|mlp> <dataDir> <threads>
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

workload, data_dir, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(1)
meta = json.load(open(os.path.join(data_dir, "meta.json")))


def f32(name):
    return np.fromfile(os.path.join(data_dir, name), dtype=np.float32)


class Conv(torch.nn.Module):
    """tf.layers.conv1d with padding 'same' (tf pads the odd extra on the right) and relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = torch.nn.Conv1d(cin, cout, 5, stride=stride)
        self.stride = stride

    def forward(self, x):  # x: [B, C, T]
        t = x.shape[2]
        out = math.ceil(t / self.stride)
        pad = max((out - 1) * self.stride + 5 - t, 0)
        return F.relu(self.conv(F.pad(x, (pad // 2, pad - pad // 2))))


class Speech(torch.nn.Module):
    def __init__(self, dim, units, word):
        super().__init__()
        self.convs = torch.nn.ModuleList([Conv(dim if i == 0 else 128, 128, 2 if i == 0 else 1) for i in range(3)])
        # tf's BatchNormalization: epsilon 1e-3, momentum 0.9 (PyTorch counts momentum the other way).
        self.norms = torch.nn.ModuleList([torch.nn.BatchNorm1d(128, eps=1e-3, momentum=0.1) for _ in range(3)])
        self.word = word
        if word:
            self.bottleneck = torch.nn.Linear(128, meta["phoneUnits"])
            self.wconv = Conv(meta["phoneUnits"], 128, 1)
        self.head = torch.nn.Linear(128, units)

    def forward(self, x):  # x: [B, T, D]
        x = x.transpose(1, 2)
        for conv, norm in zip(self.convs, self.norms):
            x = F.dropout(norm(conv(x)), 0.15, self.training)
        if self.word:
            x = self.bottleneck(x.transpose(1, 2)).transpose(1, 2)
            x = F.dropout(self.wconv(x), 0.1, self.training)
        return self.head(x.transpose(1, 2))

    def tf_order(self):
        out = []
        for conv, norm in zip(self.convs, self.norms):
            out += [("conv", conv.conv.weight), ("bias", conv.conv.bias)]
            out += [("w", norm.weight), ("w", norm.bias), ("w", norm.running_mean), ("w", norm.running_var)]
        if self.word:
            out += [("dense", self.bottleneck.weight), ("w", self.bottleneck.bias)]
            out += [("conv", self.wconv.conv.weight), ("w", self.wconv.conv.bias)]
        return out + [("dense", self.head.weight), ("w", self.head.bias)]


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        m = meta["mlp"]
        self.l1 = torch.nn.Linear(m["inputs"], 256)
        self.l2 = torch.nn.Linear(256, 256)
        self.l3 = torch.nn.Linear(256, m["classes"])

    def forward(self, x):
        return self.l3(F.relu(self.l2(F.relu(self.l1(x)))))

    def tf_order(self):
        return [(k, p) for layer in (self.l1, self.l2, self.l3) for k, p in (("dense", layer.weight), ("w", layer.bias))]


def load_init(model):
    """Copies the concertina side's initial weights (tf layouts: conv [k, in, out], dense [in, out])."""
    shapes = json.load(open(os.path.join(data_dir, f"{workload}-init.json")))
    flat = f32(f"{workload}-init.f32")
    order = model.tf_order()
    assert len(order) == len(shapes), (len(order), len(shapes))
    o = 0
    with torch.no_grad():
        for (kind, p), shape in zip(order, shapes):
            n = int(np.prod(shape))
            w = torch.from_numpy(flat[o : o + n].reshape(shape).copy())
            o += n
            if kind == "conv":
                w = w.permute(2, 1, 0)
            elif kind == "dense":
                w = w.t()
            p.copy_(w.contiguous())


def speech_batches():
    lengths = meta["lengths"]
    feats = f32("features.f32").reshape(-1, meta["dim"])
    starts = np.concatenate([[0], np.cumsum(lengths)])
    labels = meta["phones"] if workload == "phoneme" else [[w] for w in meta["words"]]

    def batch(ids):
        t = max(lengths[i] for i in ids)
        t = max(2, math.ceil(t / 2) * 2)
        x = np.zeros((len(ids), t, meta["dim"]), dtype=np.float32)
        for b, i in enumerate(ids):
            x[b, : lengths[i]] = feats[starts[i] : starts[i + 1]]
        out_len = torch.tensor([math.ceil(lengths[i] / 2) for i in ids])
        targets = torch.tensor([l + 1 for i in ids for l in labels[i]])
        target_len = torch.tensor([len(labels[i]) for i in ids])
        return torch.from_numpy(x), (out_len, targets, target_len)

    return meta["utterances"]["epochs"], batch


def ctc(logits, y):
    out_len, targets, target_len = y
    lp = F.log_softmax(logits, dim=2).transpose(0, 1)
    return F.ctc_loss(lp, targets, out_len, target_len, blank=0, reduction="sum", zero_infinity=True) / logits.shape[0]


def main():
    if workload == "mlp":
        model, lr = Mlp(), 0.001
        x_all = torch.from_numpy(f32("mlp-x.f32").reshape(-1, meta["mlp"]["inputs"]))
        y_all = torch.tensor(json.load(open(os.path.join(data_dir, "mlp-y.json"))))
        epochs = meta["mlp"]["epochs"]

        def batch(ids):
            idx = torch.tensor(ids)
            return x_all[idx], y_all[idx]

        loss_fn = F.cross_entropy
    else:
        units = meta["phoneUnits"] if workload == "phoneme" else 11
        model, lr = Speech(meta["dim"], units, workload == "word"), 0.002
        epochs, batch = speech_batches()
        loss_fn = ctc
    load_init(model)
    opt = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    model.train()
    marks, losses, first = [], [], None
    n = sum(len(b) for b in epochs[0])
    t0 = time.perf_counter()
    for ep in epochs:
        total = 0.0
        for ids in ep:
            x, y = batch(ids)
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            v = loss.item()
            first = v if first is None else first
            total += v * len(ids)
        marks.append(time.perf_counter())
        losses.append(total / n)
    steady = marks[-1] - marks[0]
    print(
        json.dumps(
            {
                "side": f"pytorch-{threads}t",
                "workload": workload,
                "backend": f"torch {torch.__version__}",
                "examplesPerSec": (len(epochs) - 1) * n / steady,
                "firstEpochSec": marks[0] - t0,
                "firstLoss": first,
                "losses": losses,
            }
        )
    )


main()
