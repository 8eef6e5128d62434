#!/usr/bin/env python3
"""Peer for the `trainer` harness: the same training-loop work in plain PyTorch 1.13 — BERT-mini classifier
(bert_step.Bert), examples of 16-128 random sub-word ids, batches padded to their longest example, length bucketing
off/on (pools of shuffled examples sorted by length, batches shuffled), AdamW with weight decay 0.01 except biases and
LayerNorm, linear warm-up 10% + decay, gradient clipping at 1.0, dropout 0.1. Prints real (non-padding) training
tokens/s per setting, as the C# harness does, so the two can be run back to back on the same machine:

  /usr/bin/python3 bench/peers/neural/trainer_loop.py --steps 8 --batch 32 --threads 2
  dotnet run -c Release --project bench/TextKit.Bench -- harness trainer --steps 8 --batch 32 --threads 2
"""
import argparse
import os
import random
import time

import torch
from torch import nn

from bert_step import Bert


def batches(examples, batch, bucketing, rng):
    order = list(range(len(examples)))
    rng.shuffle(order)
    if not bucketing:
        return [order[i:i + batch] for i in range(0, len(order), batch)]
    order.sort(key=lambda i: -len(examples[i]))   # one pool (the C# harness sets BucketPoolBatches = steps)
    out = [order[i:i + batch] for i in range(0, len(order), batch)]
    rng.shuffle(out)
    return out


def collate(examples, indices):
    length = max(len(examples[i]) for i in indices)
    ids = torch.zeros(len(indices), length, dtype=torch.long)
    mask = torch.zeros(len(indices), length, dtype=torch.long)
    for row, i in enumerate(indices):
        ids[row, :len(examples[i])] = torch.tensor(examples[i])
        mask[row, :len(examples[i])] = 1
    return ids, mask


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--steps", type=int, default=8)
    a.add_argument("--batch", type=int, default=32)
    a.add_argument("--threads", type=int, default=2)
    o = a.parse_args()
    torch.set_num_threads(o.threads)
    vocab = 30522
    rng = random.Random(0)
    examples = [[rng.randrange(5, vocab) for _ in range(rng.randrange(16, 129))] for _ in range(o.steps * o.batch)]
    labels = torch.tensor([rng.randrange(2) for _ in examples])
    real = sum(len(e) for e in examples)
    print(f"PyTorch {torch.__version__}, BERT-mini, batch {o.batch}, {o.steps} steps, {o.threads} threads; load average {' '.join(os.getloadavg().__repr__().strip('()').split(', ')[:3])}")
    for bucketing in (False, True):
        torch.manual_seed(0)
        model = Bert(4, 256, 4, 1024, vocab)
        model.train()
        decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "ln" in n)]
        no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "ln" in n]
        optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-4)
        plan = batches(examples, o.batch, bucketing, random.Random(1))
        total, warmup = len(plan), max(1, int(0.1 * len(plan) + 0.999))
        schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: s / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))
        start = time.perf_counter()
        for indices in plan:
            ids, mask = collate(examples, indices)
            loss = nn.functional.cross_entropy(model(ids, mask), labels[indices])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
        seconds = time.perf_counter() - start
        print(f"train, bucketing {'on ' if bucketing else 'off'}: {total} steps in {seconds:.1f} s = {1000 * seconds / total:.0f} ms/step, {real / seconds:.0f} real tokens/s  (load {' '.join(str(x) for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
