#!/usr/bin/env python3
"""Peer for TransformerHarness: a BERT sequence classifier in plain PyTorch (Debian python3-torch 1.13 has no
transformers package), built like HF modeling_bert's eager path: embeddings + post-LayerNorm layers with separate
q/k/v projections, softmax attention, GELU FFN, pooler, classifier. Times one forward (eval, no_grad) and one
training step (train mode, forward + cross-entropy + backward + torch.optim.AdamW) per batch of random ids.
Prints one JSON line: {"forward_ms": [...], "train_ms": [...]} (every timed iteration).
With --serve it builds the model once and then answers stdin lines "forward" / "train" with one JSON line
{"ms": ...} each, so that the harness can alternate TextKit and PyTorch iterations on a shared machine."""
import argparse
import json
import math
import time

import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, h, heads, ffn, p):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attn_out, self.ln1 = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.inter, self.out, self.ln2 = nn.Linear(h, ffn), nn.Linear(ffn, h), nn.LayerNorm(h, eps=1e-12)
        self.drop = nn.Dropout(p)

    def split(self, x):
        b, t, h = x.shape
        return x.view(b, t, self.heads, h // self.heads).transpose(1, 2)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + mask
        probs = self.drop(scores.softmax(-1))
        ctx = (probs @ v).transpose(1, 2).reshape(x.shape)
        x = self.ln1(x + self.drop(self.attn_out(ctx)))
        return self.ln2(x + self.drop(self.out(nn.functional.gelu(self.inter(x)))))


class Bert(nn.Module):
    def __init__(self, layers, h, heads, ffn, vocab, positions=512, labels=2, p=0.1):
        super().__init__()
        self.word, self.pos, self.token_type = nn.Embedding(vocab, h, padding_idx=0), nn.Embedding(positions, h), nn.Embedding(2, h)
        self.ln, self.drop = nn.LayerNorm(h, eps=1e-12), nn.Dropout(p)
        self.layers = nn.ModuleList(Layer(h, heads, ffn, p) for _ in range(layers))
        self.pooler, self.classifier = nn.Linear(h, h), nn.Linear(h, labels)

    def forward(self, ids, mask):
        t = ids.shape[1]
        x = self.word(ids) + self.token_type(torch.zeros_like(ids)) + self.pos(torch.arange(t).unsqueeze(0))
        x = self.drop(self.ln(x))
        add = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, add)
        return self.classifier(self.drop(torch.tanh(self.pooler(x[:, 0]))))


def main():
    a = argparse.ArgumentParser()
    for name, default in [("layers", 4), ("hidden", 256), ("heads", 4), ("ffn", 1024), ("vocab", 30522), ("seq", 128),
                          ("batch", 32), ("threads", 2), ("warmup", 2), ("iters", 5)]:
        a.add_argument("--" + name, type=int, default=default)
    a.add_argument("--serve", action="store_true")
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = Bert(args.layers, args.hidden, args.heads, args.ffn, args.vocab)
    ids = torch.randint(1, args.vocab, (args.batch, args.seq))
    mask = torch.ones(args.batch, args.seq, dtype=torch.long)
    labels = torch.randint(0, 2, (args.batch,))
    if args.serve:
        serve(model, ids, mask, labels)
        return
    forward, train = [], []
    model.eval()
    with torch.no_grad():
        for i in range(args.warmup + args.iters):
            start = time.perf_counter()
            model(ids, mask)
            if i >= args.warmup:
                forward.append((time.perf_counter() - start) * 1000)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    for i in range(args.warmup + args.iters):
        start = time.perf_counter()
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(ids, mask), labels)
        loss.backward()
        opt.step()
        if i >= args.warmup:
            train.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "forward_ms": forward, "train_ms": train}))


def serve(model, ids, mask, labels):
    import sys
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        start = time.perf_counter()
        if command == "forward":
            model.eval()
            with torch.no_grad():
                model(ids, mask)
        elif command == "train":
            model.train()
            opt.zero_grad()
            nn.functional.cross_entropy(model(ids, mask), labels).backward()
            opt.step()
        else:
            print(json.dumps({"error": "unknown command " + command}), flush=True)
            continue
        print(json.dumps({"ms": (time.perf_counter() - start) * 1000}), flush=True)


if __name__ == "__main__":
    main()
